#!/usr/bin/env bash
# Submits a pixelcnn-spark command to YARN (HADOOP_CONF_DIR or YARN_CONF_DIR must point at the cluster):
#
#   submit/yarn.sh train --run-dir hdfs:///user/me/runs/fashion --train-data hdfs:///data/train-images-idx3-ubyte.gz \
#       --test-data hdfs:///data/t10k-images-idx3-ubyte.gz --workers 16
#
# Environment: PIXELCNN_EXECUTORS (default 4), PIXELCNN_EXECUTOR_CORES (default 1),
# PIXELCNN_DEPLOY_MODE (client|cluster, default cluster), PIXELCNN_QUEUE (default: default).
# Anything between `--spark` and `--` goes to spark-submit as is.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_jar "$CLUSTER_JAR"
if [[ -z "${HADOOP_CONF_DIR:-}${YARN_CONF_DIR:-}" ]]; then
  echo "error: set HADOOP_CONF_DIR (or YARN_CONF_DIR) to the cluster's Hadoop configuration" >&2
  exit 2
fi

extra=()
if [[ "${1:-}" == "--spark" ]]; then
  shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do extra+=("$1"); shift; done
  shift || true
fi

exec "$(spark_submit)" --master yarn \
  --deploy-mode "${PIXELCNN_DEPLOY_MODE:-cluster}" \
  --queue "${PIXELCNN_QUEUE:-default}" \
  --properties-file "$SPARK_DEFAULTS" \
  --num-executors "${PIXELCNN_EXECUTORS:-4}" \
  --executor-cores "${PIXELCNN_EXECUTOR_CORES:-1}" \
  --files "$LOG4J_CONF" \
  --conf spark.driver.extraJavaOptions="$(grep '^spark.driver.extraJavaOptions' "$SPARK_DEFAULTS" | cut -d' ' -f2- | xargs) -Dlog4j2.configurationFile=log4j2.properties" \
  "${extra[@]}" \
  --class "$MAIN_CLASS" "$CLUSTER_JAR" "$@"
