#!/usr/bin/env bash
# Runs on each node: "install" once at first boot (from cloud-init), then "run-kafka" and
# "run-zookeeper" from the systemd units. The local rehearsal runs the same two "run-" commands
# with KAFKA_CLASSPATH (Kafka from the build) and DATA_DIR / EXTERNAL_HOST / CONFIG_DIR set (and,
# secured, SECRETS_DIR instead of SSM Parameter Store).
set -Eeuo pipefail

CONFIG_DIR="${CONFIG_DIR:-/opt/kafka-lessons}"
# shellcheck source=/dev/null
[[ -f "$CONFIG_DIR/node.env" ]] && source "$CONFIG_DIR/node.env"
CONFIG_DIR="${CONFIG_DIR:-/opt/kafka-lessons}"
DATA_DIR="${DATA_DIR:-/data}"
KAFKA_HOME="${KAFKA_HOME:-/opt/kafka}"
ARCHIVE="https://archive.apache.org/dist/kafka"

log() { echo "node-setup: $*" >&2; }
die() { log "$*"; exit 1; }

# imds PATH: a value from the instance metadata service, with an IMDSv2 token (the instances
# refuse IMDSv1); empty when there is none.
imds() {
  local token
  token="$(curl -fsS -m 5 -X PUT http://169.254.169.254/latest/api/token \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')" || die "no IMDSv2 token"
  curl -fsS -m 5 -H "X-aws-ec2-metadata-token: $token" "http://169.254.169.254/latest/meta-data/$1" || true
}

# The name clients outside the VPC use: the instance's public DNS name, else its private address.
external_host() {
  if [[ -n "${EXTERNAL_HOST:-}" ]]; then
    echo "$EXTERNAL_HOST"
    return
  fi
  local name
  name="$(imds public-hostname)"
  [[ -n "$name" ]] || name="$(imds local-ipv4)"
  echo "$name"
}

TLS_DIR="$DATA_DIR/run/tls"

# secret NAME: one of this node's secrets, from SECRETS_DIR (the rehearsal) or from SSM Parameter
# Store (SecureString under SECRETS_PATH, readable only with this cluster's instance role). "up"
# stores them after the instances exist, so at first boot this waits for them (up to 10 minutes).
secret() {
  if [[ -n "${SECRETS_DIR:-}" ]]; then
    cat "$SECRETS_DIR/$1"
    return
  fi
  local region value tries=0
  region="$(imds placement/region)"
  until value="$(aws ssm get-parameter --region "$region" --with-decryption --name "$SECRETS_PATH/$1" \
    --query Parameter.Value --output text 2> /dev/null)"; do
    ((tries++ < 60)) || die "cannot read $SECRETS_PATH/$1 from SSM Parameter Store"
    sleep 10
  done
  echo "$value"
}

# fetch_secrets: the key store, trust store and passwords of a secured node, readable by its user only.
fetch_secrets() {
  [[ "${SECURE:-false}" == "true" ]] || return 0
  (
    umask 077
    mkdir -p "$TLS_DIR"
    secret "node-$NODE_ID/keystore" | base64 -d > "$TLS_DIR/keystore.p12"
    secret truststore | base64 -d > "$TLS_DIR/truststore.p12"
    secret store-password > "$TLS_DIR/store-password"
    secret admin-password > "$TLS_DIR/admin-password"
  )
}

# resolved SOURCE: the configuration with this node's external name, data folder and (secured) the
# TLS files and store password filled in; only the node's user may read it.
resolved() {
  local src="$1" out password=""
  out="$DATA_DIR/run/$(basename "$src")"
  mkdir -p "$DATA_DIR/run"
  [[ -f "$TLS_DIR/store-password" ]] && password="$(cat "$TLS_DIR/store-password")"
  (
    umask 077
    sed -e "s|@EXTERNAL_HOST@|$(external_host)|g" -e "s|@DATA_DIR@|$DATA_DIR|g" \
      -e "s|@TLS_DIR@|$TLS_DIR|g" -e "s|@STORE_PASSWORD@|$password|g" "$src" > "$out"
  )
  echo "$out"
}

java_run() {
  # With KAFKA_CLASSPATH (the rehearsal) run the class directly; else the scripts of the archive.
  local main="$1" script="$2"
  shift 2
  if [[ -n "${KAFKA_CLASSPATH:-}" ]]; then
    exec "${JAVA:-java}" -Xms256m -Xmx512m -cp "$KAFKA_CLASSPATH" "$main" "$@"
  fi
  exec "$KAFKA_HOME/bin/$script" "$@"
}

mount_data_volume() {
  # The EBS data volume is the one disk without partitions or a file system of its own.
  local dev
  mkdir -p "$DATA_DIR"
  mountpoint -q "$DATA_DIR" && return
  for dev in /dev/nvme1n1 /dev/sdf /dev/xvdf; do
    if [[ -b "$dev" ]]; then
      blkid "$dev" > /dev/null || mkfs.xfs -q "$dev"
      echo "$dev $DATA_DIR xfs defaults,nofail 0 2" >> /etc/fstab
      mount "$DATA_DIR"
      return
    fi
  done
  log "no data volume found; using the root disk for $DATA_DIR"
}

# verify_sha512 FILE SHA_FILE: Apache publishes "name: HEX HEX ..." over several lines (or the
# sha512sum format "hex  name"); compare the hex digits only.
verify_sha512() {
  local expected actual
  if grep -q ':' "$2"; then
    expected="$(cut -d: -f2- < "$2" | tr -d ' \n\r\t' | tr 'A-F' 'a-f')"
  else
    expected="$(cut -d' ' -f1 < "$2" | tr -d '\n\r' | tr 'A-F' 'a-f')"
  fi
  actual="$(sha512sum "$1" | cut -d' ' -f1)"
  [[ -n "$expected" && "$expected" == "$actual" ]] || die "SHA-512 of $1 does not match the published one; not installing"
  log "SHA-512 of $1 matches"
}

install() {
  local tgz="kafka_${SCALA_VERSION}-${KAFKA_VERSION}.tgz"
  id kafka > /dev/null 2>&1 || useradd --system --home-dir "$DATA_DIR" --shell /sbin/nologin kafka
  mount_data_volume
  cd /tmp
  curl -fsSL -o "$tgz" "$ARCHIVE/$KAFKA_VERSION/$tgz"
  curl -fsSL -o "$tgz.sha512" "$ARCHIVE/$KAFKA_VERSION/$tgz.sha512"
  verify_sha512 "$tgz" "$tgz.sha512"
  mkdir -p "$KAFKA_HOME"
  tar -xzf "$tgz" -C "$KAFKA_HOME" --strip-components=1
  mkdir -p "$DATA_DIR/kafka" "$DATA_DIR/zookeeper"
  [[ -f "$CONFIG_DIR/myid" ]] && cp "$CONFIG_DIR/myid" "$DATA_DIR/zookeeper/myid"
  chown -R kafka: "$DATA_DIR" "$KAFKA_HOME"
  log "Kafka $KAFKA_VERSION installed in $KAFKA_HOME (SHA-512 verified)"
}

# ZooKeeper first where this node runs it (zookeeper mode, nodes 1-3), then Kafka.
enable_services() {
  systemctl daemon-reload
  if [[ -f /etc/systemd/system/zookeeper.service ]]; then
    systemctl enable --now zookeeper
  fi
  systemctl enable --now kafka
}

run_kafka() {
  local props scram=()
  fetch_secrets
  props="$(resolved "$CONFIG_DIR/server.properties")"
  mkdir -p "$DATA_DIR/kafka"
  if [[ "$MODE" == "kraft" && ! -f "$DATA_DIR/kafka/meta.properties" ]]; then
    # A secured cluster starts with one SCRAM user, the super user "admin" (KIP-900).
    [[ -f "$TLS_DIR/admin-password" ]] &&
      scram=(--add-scram "SCRAM-SHA-512=[name=admin,password=$(cat "$TLS_DIR/admin-password")]")
    if [[ -n "${KAFKA_CLASSPATH:-}" ]]; then
      "${JAVA:-java}" -cp "$KAFKA_CLASSPATH" kafka.tools.StorageTool format --cluster-id "$CLUSTER_ID" \
        --config "$props" --ignore-formatted "${scram[@]}"
    else
      "$KAFKA_HOME/bin/kafka-storage.sh" format --cluster-id "$CLUSTER_ID" --config "$props" --ignore-formatted "${scram[@]}"
    fi
  fi
  java_run kafka.Kafka kafka-server-start.sh "$props"
}

run_zookeeper() {
  local props
  props="$(resolved "$CONFIG_DIR/zookeeper.properties")"
  mkdir -p "$DATA_DIR/zookeeper"
  [[ -f "$DATA_DIR/zookeeper/myid" ]] || echo "$NODE_ID" > "$DATA_DIR/zookeeper/myid"
  java_run org.apache.zookeeper.server.quorum.QuorumPeerMain zookeeper-server-start.sh "$props"
}

case "${1:-}" in
  install) install ;;
  enable-services) enable_services ;;
  run-kafka) run_kafka ;;
  run-zookeeper) run_zookeeper ;;
  verify-sha512) verify_sha512 "$2" "$3" ;;
  *) die "usage: node-setup.sh install|enable-services|run-kafka|run-zookeeper|verify-sha512 FILE SHA_FILE" ;;
esac
