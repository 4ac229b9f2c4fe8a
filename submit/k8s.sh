#!/usr/bin/env bash
# Submits a pixelcnn-spark command to Kubernetes, in cluster mode:
#
#   K8S_API=https://kube-api:6443 PIXELCNN_IMAGE=registry/spark-pixelcnn:3.5.7 \
#     submit/k8s.sh train --run-dir s3a://bucket/runs/fashion --train-data s3a://bucket/data/train-images-idx3-ubyte.gz \
#       --test-data s3a://bucket/data/t10k-images-idx3-ubyte.gz
#
# PIXELCNN_IMAGE is a Spark 3.5 image (Java 17) with target/pixelcnn-spark-cluster.jar copied to
# /opt/pixelcnn/pixelcnn-spark-cluster.jar (PIXELCNN_JAR_IN_IMAGE overrides the path).
# Environment: PIXELCNN_EXECUTORS (default 4), PIXELCNN_NAMESPACE (default: default),
# PIXELCNN_SERVICE_ACCOUNT (default: spark). Anything between `--spark` and `--` goes to spark-submit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
if [[ -z "${K8S_API:-}" ]]; then
  echo "error: set K8S_API to the Kubernetes API server, e.g. https://kube-api:6443" >&2
  exit 2
fi
if [[ "$K8S_API" != https://* && "$K8S_API" != http://* ]]; then
  echo "error: K8S_API must be the API server's URL (https://host:port), got '$K8S_API'" >&2
  exit 2
fi
if [[ -z "${PIXELCNN_IMAGE:-}" ]]; then
  echo "error: set PIXELCNN_IMAGE to a Spark 3.5 image (Java 17) holding the cluster jar" >&2
  exit 2
fi
if [[ -n "${PIXELCNN_EXECUTORS:-}" && ! "$PIXELCNN_EXECUTORS" =~ ^[1-9][0-9]*$ ]]; then
  echo "error: PIXELCNN_EXECUTORS must be a positive whole number, got '$PIXELCNN_EXECUTORS'" >&2
  exit 2
fi
jar="local://${PIXELCNN_JAR_IN_IMAGE:-/opt/pixelcnn/pixelcnn-spark-cluster.jar}"

extra=()
if [[ "${1:-}" == "--spark" ]]; then
  shift
  while [[ $# -gt 0 && "$1" != "--" ]]; do extra+=("$1"); shift; done
  shift || true
fi

exec "$(spark_submit)" --master "k8s://$K8S_API" --deploy-mode cluster \
  --name pixelcnn \
  --properties-file "$SPARK_DEFAULTS" \
  --conf spark.kubernetes.container.image="$PIXELCNN_IMAGE" \
  --conf spark.kubernetes.namespace="${PIXELCNN_NAMESPACE:-default}" \
  --conf spark.kubernetes.authenticate.driver.serviceAccountName="${PIXELCNN_SERVICE_ACCOUNT:-spark}" \
  --conf spark.executor.instances="${PIXELCNN_EXECUTORS:-4}" \
  ${extra[@]+"${extra[@]}"} \
  --class "$MAIN_CLASS" "$jar" "$@"
