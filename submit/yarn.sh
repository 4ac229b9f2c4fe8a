#!/usr/bin/env bash
# Submits a pixelcnn-spark command to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster):
#
#   submit/yarn.sh train --run-dir hdfs:///user/me/runs/fashion --train-data hdfs:///data/train-images-idx3-ubyte.gz \
#       --test-data hdfs:///data/t10k-images-idx3-ubyte.gz
#
# Environment:
#   PIXELCNN_DEPLOY_MODE     cluster (default: the driver runs in YARN, and YARN restarts it if its container
#                            is lost; the run continues from its last checkpoint) or client (the driver runs
#                            here and prints its progress here)
#   PIXELCNN_EXECUTORS       executors to ask for (default 4)
#   PIXELCNN_EXECUTOR_CORES  cores per executor (default 1: one model replica per core)
#   PIXELCNN_QUEUE           YARN queue (default: default)
#   PIXELCNN_CONTAINER_JAVA_HOME
#                            the Java 17 on the cluster's nodes, for the ApplicationMaster and executors
#                            (default: JAVA_HOME when set; "none" leaves the nodes' own JAVA_HOME)
# Memory per container is spark.executor.memory + spark.executor.memoryOverhead (conf/spark-defaults.conf).
# Anything between `--spark` and `--` goes to spark-submit as is, e.g.
#   submit/yarn.sh --spark --conf spark.executor.memory=1g -- train ...
# The exit code is the job's: 0 done, 1 failed, 2 usage, 3 unusable data or model (cluster mode too, where it
# is read from YARN's report of the application).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_jar "$CLUSTER_JAR"
if [[ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]]; then
  echo "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration" >&2
  exit 2
fi
mode="${PIXELCNN_DEPLOY_MODE:-cluster}"
if [[ "$mode" != cluster && "$mode" != client ]]; then
  echo "error: PIXELCNN_DEPLOY_MODE must be cluster or client, got '$mode'" >&2
  exit 2
fi
for count in PIXELCNN_EXECUTORS PIXELCNN_EXECUTOR_CORES; do
  if [[ -n "${!count:-}" && ! "${!count}" =~ ^[1-9][0-9]*$ ]]; then
    echo "error: $count must be a positive whole number, got '${!count}'" >&2
    exit 2
  fi
done

extra=()
if [[ "${1:-}" == "--spark" ]]; then
  shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do extra+=("$1"); shift; done
  shift || true
fi

# The job's logging: --files ships log4j2.properties into every container's working folder; a driver run here
# (client mode) reads it where it is.
defaults_option() { grep "^$1[[:space:]]" "$SPARK_DEFAULTS" | cut -d' ' -f2- | xargs; }
if [[ "$mode" == client ]]; then
  driver_log4j="$LOG4J_CONF"
else
  driver_log4j=log4j2.properties
fi
java_home=()
container_java_home="${PIXELCNN_CONTAINER_JAVA_HOME:-${JAVA_HOME:-}}"
if [[ -n "$container_java_home" && "$container_java_home" != none ]]; then
  java_home=(--conf "spark.yarn.appMasterEnv.JAVA_HOME=$container_java_home"
             --conf "spark.executorEnv.JAVA_HOME=$container_java_home")
fi

command=("$(spark_submit)" --master yarn
  --deploy-mode "$mode"
  --queue "${PIXELCNN_QUEUE:-default}"
  --properties-file "$SPARK_DEFAULTS"
  --num-executors "${PIXELCNN_EXECUTORS:-4}"
  --executor-cores "${PIXELCNN_EXECUTOR_CORES:-1}"
  --files "$LOG4J_CONF"
  --conf "spark.driver.extraJavaOptions=$(defaults_option spark.driver.extraJavaOptions) -Dlog4j2.configurationFile=$driver_log4j"
  --conf "spark.executor.extraJavaOptions=$(defaults_option spark.executor.extraJavaOptions) -Dlog4j2.configurationFile=log4j2.properties"
  ${java_home[@]+"${java_home[@]}"}
  ${extra[@]+"${extra[@]}"}
  --class "$MAIN_CLASS" "$CLUSTER_JAR" "$@")

if [[ "$mode" == client ]]; then
  exec "${command[@]}"
fi
# Cluster mode: spark-submit waits for the application and exits 1 for any failure; YARN's report of the
# application carries the job's own exit code ("User application exited with status N"), which is ours.
report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
# The tee is started here, not in the command's own redirection: there it would be spark-submit's child,
# which this shell cannot wait for, and the report could be read before tee had written it.
exec 4> >(tee "$report" >&2)
tee_pid=$!
"${command[@]}" 2>&4 4>&- || status=$?
exec 4>&-
wait "$tee_pid"
if [[ "$status" -ne 0 ]]; then
  job_status="$(grep -oE 'User application exited with status [0-9]+' "$report" | tail -1 | grep -oE '[0-9]+$' || true)"
  exit "${job_status:-$status}"
fi
