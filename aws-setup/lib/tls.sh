# shellcheck shell=bash
# Certificates for a secured cluster (cluster up --secure, rehearse kraft-secure), made with the
# JDK's keytool: a certificate authority whose key never leaves the machine that runs this, a
# trust store holding only its certificate, and one PKCS12 key store per node. Sourced.

# keytool_run ARGS...: keytool on a quick-starting JVM (C1 only, serial GC): it is a short run each
# time, about 20 of them for a cluster, and this halves their CPU time.
keytool_run() {
  keytool -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC "$@"
}

# random_secret: 24 letters and digits from /dev/urandom.
random_secret() {
  local s=""
  while ((${#s} < 24)); do
    s+="$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')"
  done
  echo "${s:0:24}"
}

# tls_ca DIR PASSWORD NAME: the CA's key store DIR/ca.p12 (CN=NAME), its certificate DIR/ca.pem and
# the trust store DIR/truststore.p12.
tls_ca() {
  local dir="$1" pass="$2" name="$3"
  command -v keytool > /dev/null || die "keytool (part of every JDK) is not on the PATH"
  mkdir -p "$dir"
  chmod 700 "$dir"
  keytool_run -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=$name" -ext bc:c -validity 365 \
    -keystore "$dir/ca.p12" -storetype PKCS12 -storepass "$pass" -keypass "$pass" > /dev/null 2>&1 ||
    die "keytool could not make the certificate authority in $dir"
  keytool_run -exportcert -rfc -alias ca -keystore "$dir/ca.p12" -storepass "$pass" -file "$dir/ca.pem" > /dev/null 2>&1
  keytool_run -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$dir/truststore.p12" \
    -storetype PKCS12 -storepass "$pass" > /dev/null 2>&1
}

# tls_node DIR PASSWORD N SAN: DIR/node-N.p12 with the key of CN=kafka-node-N and its certificate,
# signed by the CA, valid for SAN (keytool's form: "dns:ec2-...amazonaws.com,ip:10.42.1.11").
tls_node() {
  local dir="$1" pass="$2" n="$3" san="$4" store="$1/node-$3.p12"
  rm -f "$store"
  keytool_run -genkeypair -alias node -keyalg EC -groupname secp256r1 -dname "CN=kafka-node-$n" -validity 365 \
    -keystore "$store" -storetype PKCS12 -storepass "$pass" -keypass "$pass" > /dev/null 2>&1 ||
    die "keytool could not make the key of node $n"
  keytool_run -certreq -alias node -keystore "$store" -storepass "$pass" 2> /dev/null |
    keytool_run -gencert -alias ca -keystore "$dir/ca.p12" -storepass "$pass" -ext "SAN=$san" -validity 365 -rfc \
      > "$dir/node-$n.pem" 2> /dev/null || die "keytool could not sign the certificate of node $n"
  keytool_run -importcert -noprompt -alias ca -file "$dir/ca.pem" -keystore "$store" -storepass "$pass" > /dev/null 2>&1
  keytool_run -importcert -alias node -file "$dir/node-$n.pem" -keystore "$store" -storepass "$pass" > /dev/null 2>&1 ||
    die "keytool could not store the certificate of node $n"
}

# client_properties TRUSTSTORE PASSWORD USER USER_PASSWORD: a --command-config file for SASL_SSL with SCRAM.
client_properties() {
  cat <<PROPS
# Client settings for the cluster's SASL_SSL listener (./lessons N --command-config THIS_FILE)
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$3" password="$4";
ssl.truststore.type=PKCS12
ssl.truststore.location=$1
ssl.truststore.password=$2
PROPS
}
