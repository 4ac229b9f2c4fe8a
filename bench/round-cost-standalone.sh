#!/usr/bin/env bash
# Measures the cost of one parameter-averaging round (`bench --round-cost`) on a Spark standalone cluster on
# 127.0.0.1, started the way StandaloneClusterIT starts it (src/test/java/io/pixelcnn/testing/StandaloneCluster):
# a Master and one-core Workers, each a JVM on target/spark-home/jars, executors launched by the Workers.
# The driver is submitted with submit/standalone.sh, as the IT submits its jobs. Run it on a quiet machine:
#
#   bench/round-cost-standalone.sh [OUT_DIR [bench options...]]
#   e.g. bench/round-cost-standalone.sh runs/round-cost --rounds 10 --round-models 32x5,534x5
#
# Needs target/pixelcnn-spark-cluster.jar and target/spark-home (both made by: mvn -B -DskipTests verify).
# Environment: ROUND_WORKERS (default 1,2,4: one Worker per replica of the largest), EXECUTOR_MEMORY (3g),
# WORKER_MEMORY_MB (3072, at least EXECUTOR_MEMORY), DRIVER_MEMORY (4g). The 20M-parameter model moves
# 240 MB of parameters and Adam's state each way per worker: one round of it on local[1] needed a 3 GB heap
# for driver and executor together, and 4 workers' results come to the driver at once (maxResultSize 4g). Writes OUT_DIR/round-cost.csv, round-cost.md and the cluster's logs in OUT_DIR/cluster.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$home/target/round-cost}" && cd "${1:-$home/target/round-cost}" && pwd)"
shift || true
workers_list="${ROUND_WORKERS:-1,2,4}"
workers=$(tr ',' '\n' <<<"$workers_list" | sort -n | tail -1)
export SPARK_HOME="$home/target/spark-home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1
[[ -d "$SPARK_HOME/jars" ]] || { echo "error: $SPARK_HOME/jars is missing; build it with: mvn -B -DskipTests verify" >&2; exit 2; }

# bin/spark-class and bin/spark-submit, which the Maven jars do not bring: the IT writes the same two
# (StandaloneCluster.writeSparkScripts) the first time it runs
if [[ ! -x "$SPARK_HOME/bin/spark-submit" ]]; then
  mkdir -p "$SPARK_HOME/bin"
  cat > "$SPARK_HOME/bin/spark-class" <<'SCRIPT'
#!/usr/bin/env bash
set -euo pipefail
tokens=()
while IFS= read -r -d '' token; do tokens+=("$token"); done < <(java -Xmx128m -cp "$SPARK_HOME/jars/*" org.apache.spark.launcher.Main "$@"; printf '%d\0' $?)
status=${tokens[${#tokens[@]}-1]}
[[ "$status" == 0 ]] || exit "$status"
command=("${tokens[@]:1:${#tokens[@]}-2}")
command[0]="${command[0]#$'\n'}"
exec "${command[@]}"
SCRIPT
  printf '#!/usr/bin/env bash\nexec "$SPARK_HOME/bin/spark-class" org.apache.spark.deploy.SparkSubmit "$@"\n' \
    > "$SPARK_HOME/bin/spark-submit"
  chmod +x "$SPARK_HOME/bin/spark-class" "$SPARK_HOME/bin/spark-submit"
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
master_port=$(free_port)
master_ui=$(free_port)
master="spark://127.0.0.1:$master_port"
logs="$out/cluster"
mkdir -p "$logs"
pids=()
stop_cluster() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap stop_cluster EXIT

java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$master_port" --webui-port "$master_ui" > "$logs/master.log" 2>&1 &
pids+=($!)
for w in $(seq 1 "$workers"); do
  java -Xmx512m -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory "${WORKER_MEMORY_MB:-3072}m" --webui-port "$(free_port)" \
    --work-dir "$logs/worker-$w" "$master" > "$logs/worker-$w.log" 2>&1 &
  pids+=($!)
done
# as the IT does: wait until the master's JSON says every Worker is alive
for _ in $(seq 1 600); do
  alive=$(curl -s "http://127.0.0.1:$master_ui/json/" | grep -o '"aliveworkers" *: *[0-9]*' | grep -o '[0-9]*$' || true)
  [[ "${alive:-0}" -ge "$workers" ]] && break
  sleep 1
done
[[ "${alive:-0}" -ge "$workers" ]] || { echo "error: the cluster did not come up with $workers workers (logs: $logs)" >&2; exit 1; }

# one application holding one one-core executor per Worker; each row uses as many of them as it has replicas
SPARK_MASTER_URL="$master" PIXELCNN_TOTAL_CORES="$workers" PIXELCNN_EXECUTOR_CORES=1 \
  "$home/submit/standalone.sh" --spark --driver-memory "${DRIVER_MEMORY:-4g}" \
  --conf spark.executor.memory="${EXECUTOR_MEMORY:-3g}" --conf spark.driver.maxResultSize=4g -- \
  bench --round-cost --master "$master" --round-workers "$workers_list" --log-dir "$out" "$@"
