#!/usr/bin/env bash
# Writes the README's example corpora ("Your own images") from Fashion-MNIST, in three layouts:
#
#   docs/examples/make-example-data.sh OUT_DIR [--images N]
#
#   OUT_DIR/photos, photos-test     class folders of JPEG and PNG photos of many sizes (+ 3 broken files)
#   OUT_DIR/fashion-hf              train.parquet, test.parquet as Hugging Face datasets exports them
#   OUT_DIR/cifar-format            data_batch_1..5.bin, test_batch.bin in CIFAR-10's binary layout
#
# N (default 60000) is the number of training images of each layout (the photos at most 12,000, the CIFAR
# batches at most 50,000); each test set gets a sixth of N (at most 10,000). Same corpora on every machine.
# Needs the built jar (mvn -q -DskipTests package), whose Hadoop and Parquet write the tables, and Debian's
# dataset-fashion-mnist package (or FASHION_MNIST=folder of its four .gz files).
# Environment: PIXELCNN_CLASSPATH (default: the jar) to run it from another class path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../../submit/common.sh"
if [[ -z "${PIXELCNN_CLASSPATH:-}" ]]; then
  require_jar "$LOCAL_JAR"
  PIXELCNN_CLASSPATH="$LOCAL_JAR"
fi
# java runs the single source file as it is (JDK 11+), compiled in memory
exec java -cp "$PIXELCNN_CLASSPATH" -Dlog4j2.configurationFile="$LOG4J_CONF" "$here/MakeExampleData.java" "$@"
