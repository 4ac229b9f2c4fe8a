#!/usr/bin/env bash
# Submits a pixelcnn-spark command to a Spark standalone cluster:
#
#   SPARK_MASTER_URL=spark://host:7077 submit/standalone.sh train --run-dir hdfs:///runs/fashion \
#       --train-data hdfs:///data/train-images-idx3-ubyte.gz --test-data hdfs:///data/t10k-images-idx3-ubyte.gz
#
# Data and run directories must be paths every executor and the driver can reach (HDFS, S3, NFS).
# Environment: SPARK_MASTER_URL (required), SPARK_HOME (or spark-submit on the PATH),
# PIXELCNN_TOTAL_CORES (cores for the job, default 2), PIXELCNN_EXECUTOR_CORES (per executor, default 1),
# PIXELCNN_DEPLOY_MODE (client|cluster, default client).
# Options between `--spark` and `--` go to spark-submit as they are, e.g.
#   submit/standalone.sh --spark --driver-memory 512m --conf spark.executor.memory=4g -- train ...
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
require_jar "$CLUSTER_JAR"
: "${SPARK_MASTER_URL:?set SPARK_MASTER_URL, e.g. spark://host:7077}"

extra=()
if [[ "${1:-}" == "--spark" ]]; then
  shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do extra+=("$1"); shift; done
  shift || true
fi

exec "$(spark_submit)" --master "$SPARK_MASTER_URL" \
  --deploy-mode "${PIXELCNN_DEPLOY_MODE:-client}" \
  --properties-file "$SPARK_DEFAULTS" \
  --total-executor-cores "${PIXELCNN_TOTAL_CORES:-2}" \
  --executor-cores "${PIXELCNN_EXECUTOR_CORES:-1}" \
  --driver-java-options "-Dlog4j2.configurationFile=$LOG4J_CONF" \
  "${extra[@]}" \
  --class "$MAIN_CLASS" "$CLUSTER_JAR" "$@"
