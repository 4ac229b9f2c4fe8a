#!/usr/bin/env bash
# Runs a pixelcnn-spark command on this machine, on all its cores:
#
#   submit/local.sh train --run-dir runs/fashion [options]     (see: submit/local.sh train --help)
#   submit/local.sh evaluate --model runs/fashion
#   submit/local.sh sample --model runs/fashion --n 64 --out samples.png
#
# With SPARK_HOME set it goes through spark-submit and the cluster jar; otherwise it runs the
# self-contained jar with plain java (no Spark installation needed).
# Environment: PIXELCNN_CORES (default: all), PIXELCNN_DRIVER_MEMORY (default: 4g).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

master="local[${PIXELCNN_CORES:-*}]"
memory="${PIXELCNN_DRIVER_MEMORY:-4g}"

if [[ -n "${SPARK_HOME:-}" ]]; then
  require_jar "$CLUSTER_JAR"
  exec "$(spark_submit)" --master "$master" --driver-memory "$memory" \
    --properties-file "$SPARK_DEFAULTS" \
    --driver-java-options "-Dlog4j2.configurationFile=$LOG4J_CONF" \
    --class "$MAIN_CLASS" "$CLUSTER_JAR" "$@"
fi

require_jar "$LOCAL_JAR"
# local mode: the driver JVM is the executor, so it gets the executor's environment (one native
# thread per task); sampling runs on the driver alone and gets every core instead
export_executor_env
if [[ "${1:-}" == "sample" ]]; then
  export OMP_NUM_THREADS="$(nproc)"
fi
mapfile -t properties < <(spark_defaults_as_properties)
exec java -Xmx"$memory" "${properties[@]}" -Dspark.master="$master" \
  -Dlog4j2.configurationFile="$LOG4J_CONF" -jar "$LOCAL_JAR" "$@"
