# Shared by the submit scripts: where the jars and configuration are, and how to reach them.
# shellcheck shell=bash
PIXELCNN_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOCAL_JAR="${PIXELCNN_LOCAL_JAR:-$PIXELCNN_HOME/target/pixelcnn-spark.jar}"
CLUSTER_JAR="${PIXELCNN_CLUSTER_JAR:-$PIXELCNN_HOME/target/pixelcnn-spark-cluster.jar}"
SPARK_DEFAULTS="${PIXELCNN_SPARK_DEFAULTS:-$PIXELCNN_HOME/conf/spark-defaults.conf}"
LOG4J_CONF="${PIXELCNN_LOG4J:-$PIXELCNN_HOME/conf/log4j2.properties}"
MAIN_CLASS=io.pixelcnn.cli.Main
# the script as the user typed it: the job's usage line and hints ("Try 'submit/local.sh train --help'") name it
export PIXELCNN_PROGRAM="$0"

require_jar() {
  if [[ ! -f "$1" ]]; then
    echo "error: $1 not found; build it with: (cd $PIXELCNN_HOME && mvn -q -DskipTests package)" >&2
    exit 2
  fi
}

# spark-submit from SPARK_HOME, or from the PATH.
spark_submit() {
  if [[ -n "${SPARK_HOME:-}" && -x "$SPARK_HOME/bin/spark-submit" ]]; then
    echo "$SPARK_HOME/bin/spark-submit"
  elif command -v spark-submit >/dev/null 2>&1; then
    command -v spark-submit
  else
    echo "error: spark-submit not found: set SPARK_HOME or put it on the PATH" >&2
    exit 2
  fi
}

# The settings of spark-defaults.conf as -Dkey=value, for a JVM started without spark-submit.
spark_defaults_as_properties() {
  grep -Ev '^[[:space:]]*(#|$)' "$SPARK_DEFAULTS" | while read -r key value; do
    case "$key" in
      spark.driver.extraJavaOptions|spark.executor.extraJavaOptions|spark.*memory*) ;;  # set on the JVM itself
      spark.executorEnv.*) ;;                                                            # exported below
      *) printf '%s\n' "-D$key=$value" ;;
    esac
  done
}

# The executor environment of spark-defaults.conf, for a local JVM that is its own executor.
export_executor_env() {
  while read -r key value; do
    export "${key#spark.executorEnv.}=$value"
  done < <(grep -E '^[[:space:]]*spark\.executorEnv\.' "$SPARK_DEFAULTS")
}
