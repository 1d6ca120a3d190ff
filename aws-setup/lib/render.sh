# shellcheck shell=bash
# Renders each node's configuration and cloud-init user data. Sourced by aws-setup/cluster and
# by the local rehearsal; pure text, no AWS calls.

# Versions (from versions.env, next to this file) and the fixed private addresses of the four
# nodes (10.42.1.11 .. 10.42.1.14 in AWS).
# shellcheck source-path=SCRIPTDIR source=versions.env
source "$(dirname "${BASH_SOURCE[0]}")/versions.env"
KRAFT_KAFKA_VERSION="${KRAFT_KAFKA_VERSION:-$KAFKA_VERSION}"
ZK_KAFKA_VERSION="${ZK_KAFKA_VERSION:-$LEGACY_KAFKA_VERSION}"
SCALA_VERSION="2.13"
NODE_COUNT=4
CONTROLLER_NODES=3
CLIENT_PORT=9092
INTERNAL_PORT=19092
CONTROLLER_PORT=9093
ZK_CLIENT_PORT=2181
# true for "cluster up --secure": EXTERNAL becomes SASL_SSL (SCRAM-SHA-512), INTERNAL and CONTROLLER
# mutual TLS, ACLs on (KRaft mode only). The secrets reach the nodes at boot, never in this text.
SECURE="${SECURE:-false}"

# node_ip PREFIX N -> the private address of node N, e.g. node_ip 10.42.1 2 -> 10.42.1.12
node_ip() {
  printf '%s.%d\n' "$1" $((10 + $2))
}

kafka_version_for() {
  if [[ "$1" == "zookeeper" ]]; then echo "$ZK_KAFKA_VERSION"; else echo "$KRAFT_KAFKA_VERSION"; fi
}

# is_controller_node N: nodes 1..3 run the controllers (KRaft) or ZooKeeper (zookeeper mode).
is_controller_node() {
  (($1 <= CONTROLLER_NODES))
}

# render_server_properties MODE N PREFIX
# The broker's server.properties. @EXTERNAL_HOST@ is filled in on the node at boot, with its
# public DNS name (from the instance metadata) or, in the rehearsal, its address.
render_server_properties() {
  local mode="$1" n="$2" prefix="$3" ip voters="" zk="" i
  ip="$(node_ip "$prefix" "$n")"
  for ((i = 1; i <= CONTROLLER_NODES; i++)); do
    voters+="${voters:+,}${i}@$(node_ip "$prefix" "$i"):${CONTROLLER_PORT}"
    zk+="${zk:+,}$(node_ip "$prefix" "$i"):${ZK_CLIENT_PORT}"
  done
  echo "# Node ${n} of ${NODE_COUNT}, ${mode} mode, written by aws-setup (kafka-lessons)"
  if [[ "$mode" == "kraft" ]]; then
    if is_controller_node "$n"; then
      echo "process.roles=broker,controller"
      echo "listeners=INTERNAL://${ip}:${INTERNAL_PORT},EXTERNAL://0.0.0.0:${CLIENT_PORT},CONTROLLER://${ip}:${CONTROLLER_PORT}"
    else
      echo "process.roles=broker"
      echo "listeners=INTERNAL://${ip}:${INTERNAL_PORT},EXTERNAL://0.0.0.0:${CLIENT_PORT}"
    fi
    echo "node.id=${n}"
    echo "controller.quorum.voters=${voters}"
    echo "controller.listener.names=CONTROLLER"
  else
    echo "broker.id=${n}"
    echo "zookeeper.connect=${zk}"
    echo "listeners=INTERNAL://${ip}:${INTERNAL_PORT},EXTERNAL://0.0.0.0:${CLIENT_PORT}"
  fi
  echo "advertised.listeners=INTERNAL://${ip}:${INTERNAL_PORT},EXTERNAL://@EXTERNAL_HOST@:${CLIENT_PORT}"
  if [[ "$SECURE" == "true" ]]; then
    render_security
  else
    echo "listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"
  fi
  cat <<PROPS
inter.broker.listener.name=INTERNAL
log.dirs=@DATA_DIR@/kafka
num.partitions=3
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0
PROPS
}

# render_security: the lines a secured node adds. @TLS_DIR@ and @STORE_PASSWORD@ are filled in on
# the node when it starts, from the secrets it fetched (node-setup.sh fetch-secrets).
render_security() {
  local supers="" i
  for ((i = 1; i <= NODE_COUNT; i++)); do
    supers+="User:CN=kafka-node-${i};"
  done
  cat <<PROPS
listener.security.protocol.map=INTERNAL:SSL,EXTERNAL:SASL_SSL,CONTROLLER:SSL
ssl.keystore.type=PKCS12
ssl.keystore.location=@TLS_DIR@/keystore.p12
ssl.keystore.password=@STORE_PASSWORD@
ssl.truststore.type=PKCS12
ssl.truststore.location=@TLS_DIR@/truststore.p12
ssl.truststore.password=@STORE_PASSWORD@
ssl.enabled.protocols=TLSv1.3
listener.name.internal.ssl.client.auth=required
listener.name.controller.ssl.client.auth=required
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.external.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=${supers}User:admin
PROPS
}

# render_zookeeper_properties N PREFIX (zookeeper mode, nodes 1..3)
render_zookeeper_properties() {
  local n="$1" prefix="$2" i
  echo "# ZooKeeper server ${n} of ${CONTROLLER_NODES}, written by aws-setup (kafka-lessons)"
  echo "dataDir=@DATA_DIR@/zookeeper"
  echo "clientPort=${ZK_CLIENT_PORT}"
  echo "tickTime=2000"
  echo "initLimit=10"
  echo "syncLimit=5"
  echo "admin.enableServer=false"
  echo "4lw.commands.whitelist=srvr,ruok,mntr"
  for ((i = 1; i <= CONTROLLER_NODES; i++)); do
    echo "server.${i}=$(node_ip "$prefix" "$i"):2888:3888"
  done
}

# indent N: prefixes every line of stdin with N spaces (for YAML block scalars).
indent() {
  local pad
  pad="$(printf '%*s' "$1" '')"
  sed "s/^/${pad}/"
}

# new_cluster_id: a random KRaft cluster id, 16 random bytes in URL-safe base64 (22 characters), the
# form kafka-storage random-uuid prints. Never one that starts with "-": kafka-storage format would take
# "--cluster-id -x..." for an option and stop (Kafka's Uuid.randomUuid() skips those ids too). Before this,
# about one run in 64 failed that way.
new_cluster_id() {
  local id
  while id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)" && [[ $id == -* ]]; do :; done
  printf '%s\n' "$id"
}

# render_user_data MODE N PREFIX TEMPLATE_DIR CLUSTER_ID
# The cloud-init user data of node N: the template with this node's files filled in.
render_user_data() {
  local mode="$1" n="$2" prefix="$3" dir="$4" cluster_id="$5" version zk_block="" zk_unit=""
  version="$(kafka_version_for "$mode")"
  if [[ "$mode" == "zookeeper" ]] && is_controller_node "$n"; then
    zk_block="$(printf '  - path: /opt/kafka-lessons/zookeeper.properties\n    permissions: "0644"\n    content: |\n%s\n  - path: /opt/kafka-lessons/myid\n    content: "%s"\n' \
      "$(render_zookeeper_properties "$n" "$prefix" | indent 6)" "$n")"
    zk_unit="$(printf '  - path: /etc/systemd/system/zookeeper.service\n    permissions: "0644"\n    content: |\n%s\n' \
      "$(indent 6 < "$dir/zookeeper.service")")"
  fi
  local server_props node_script kafka_unit
  server_props="$(render_server_properties "$mode" "$n" "$prefix" | indent 6)"
  node_script="$(indent 6 < "$dir/node-setup.sh")"
  kafka_unit="$(indent 6 < "$dir/kafka.service")"
  local line
  while IFS= read -r line || [[ -n "$line" ]]; do
    case "$line" in
      *@SERVER_PROPERTIES@*) printf '%s\n' "$server_props" ;;
      *@NODE_SETUP@*) printf '%s\n' "$node_script" ;;
      *@KAFKA_UNIT@*) printf '%s\n' "$kafka_unit" ;;
      *@ZOOKEEPER_FILES@*) [[ -n "$zk_block" ]] && printf '%s\n' "$zk_block" ;;
      *@ZOOKEEPER_UNIT@*) [[ -n "$zk_unit" ]] && printf '%s\n' "$zk_unit" ;;
      *)
        line="${line//@NODE@/$n}"
        line="${line//@MODE@/$mode}"
        line="${line//@KAFKA_VERSION@/$version}"
        line="${line//@SCALA_VERSION@/$SCALA_VERSION}"
        line="${line//@CLUSTER_ID@/$cluster_id}"
        line="${line//@SECURE@/$SECURE}"
        line="${line//@SECRETS_PATH@/${SECRETS_PATH:-}}"
        printf '%s\n' "$line"
        ;;
    esac
  done < "$dir/user-data.yaml"
}
