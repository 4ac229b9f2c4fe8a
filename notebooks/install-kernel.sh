#!/usr/bin/env bash
# Installs the project's Java kernel for Jupyter as the kernelspec `java` (display name "Java"), which
# the notebooks here name. Build the jars first: mvn -DskipTests package.
#
#   notebooks/install-kernel.sh [--dir JUPYTER_DATA_DIR]
#
# The kernelspec goes to JUPYTER_DATA_DIR/kernels/java (default: $JUPYTER_DATA_DIR, or
# ~/.local/share/jupyter, where `jupyter kernelspec list` looks); another folder works when it is on
# JUPYTER_PATH. The kernel jar is copied there; the kernel's JVM gets the --add-opens flags Spark needs on
# Java 17 from conf/spark-defaults.conf (spark.driver.extraJavaOptions), through JDK_JAVA_OPTIONS.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$home/target/pixelcnn-kernel.jar"
defaults="$home/conf/spark-defaults.conf"
data_dir="${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}"

while [[ $# -gt 0 ]]; do
  case "$1" in
    --dir)
      [[ $# -ge 2 && -n "$2" ]] || { echo "error: --dir needs a folder" >&2; exit 2; }
      data_dir="$2"; shift 2 ;;
    -h|--help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *)
      echo "error: $1: unknown option (usage: $0 [--dir JUPYTER_DATA_DIR])" >&2; exit 2 ;;
  esac
done

if [[ ! -f "$jar" ]]; then
  echo "error: $jar not found; build it with: (cd $home && mvn -q -DskipTests package)" >&2
  exit 2
fi
flags="$(awk '$1 == "spark.driver.extraJavaOptions" { $1 = ""; sub(/^ +/, ""); print }' "$defaults")"
if [[ "$flags" != *--add-opens* ]]; then
  echo "error: $defaults: spark.driver.extraJavaOptions has no --add-opens flags for the kernel's JVM" >&2
  exit 2
fi
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  java="$JAVA_HOME/bin/java"
elif command -v java >/dev/null 2>&1; then
  java="$(readlink -f "$(command -v java)")"
else
  echo "error: java not found: set JAVA_HOME or put Java 17 on the PATH" >&2
  exit 2
fi

json_string() { # a JSON string literal
  local s="${1//\\/\\\\}"
  printf '"%s"' "${s//\"/\\\"}"
}

spec="$data_dir/kernels/java"
mkdir -p "$spec"
# temp files, then rename: a kernelspec Jupyter reads is never half-written
cp "$jar" "$spec/.pixelcnn-kernel.jar.tmp"
mv -f "$spec/.pixelcnn-kernel.jar.tmp" "$spec/pixelcnn-kernel.jar"
cat > "$spec/.kernel.json.tmp" <<JSON
{
  "argv": [$(json_string "$java"), "-jar", $(json_string "$spec/pixelcnn-kernel.jar"), "{connection_file}"],
  "display_name": "Java",
  "language": "java",
  "interrupt_mode": "message",
  "env": {
    "JDK_JAVA_OPTIONS": $(json_string "$flags")
  }
}
JSON
mv -f "$spec/.kernel.json.tmp" "$spec/kernel.json"
echo "installed the Java kernel: $spec"
