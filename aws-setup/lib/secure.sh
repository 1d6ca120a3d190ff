# shellcheck shell=bash
# "cluster up --secure": the instance role that may read the cluster's secrets, the certificates,
# and the secrets themselves in SSM Parameter Store (SecureString, encrypted with the account's
# aws/ssm key). Sourced by aws-setup/cluster, after lib/render.sh and lib/tls.sh.
#
# What travels where: user data (readable by anyone on the instance, from the metadata service)
# holds only the parameters' path. The CA's key stays on this machine, in local_dir.

secrets_path() { echo "/$PROJECT_TAG/$NAME"; }

# IAM names are global, so they carry the region too.
role_name() { echo "$PROJECT_TAG-$NAME-$REGION"; }

# local_dir: this machine's copy of the CA, the trust store and the client settings (mode 700).
local_dir() { echo "${KAFKA_LESSONS_HOME:-$HOME/.kafka-lessons}/$NAME-$REGION"; }

ensure_instance_role() {
  local role account policy
  role="$(role_name)"
  if aws iam get-instance-profile --instance-profile-name "$role" > /dev/null 2>&1; then
    return
  fi
  account="$(aws_q sts get-caller-identity --query Account)"
  aws_q iam create-role --role-name "$role" --tags "Key=Project,Value=$PROJECT_TAG" "Key=$PROJECT_TAG:cluster,Value=$NAME" \
    --assume-role-policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}' > /dev/null
  # Read, and only read, this cluster's parameters; decrypting them with the aws/ssm key needs no more.
  policy="$(printf '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ssm:GetParameter","ssm:GetParameters"],"Resource":"arn:aws:ssm:%s:%s:parameter%s/*"}]}' \
    "$REGION" "$account" "$(secrets_path)")"
  aws_q iam put-role-policy --role-name "$role" --policy-name read-cluster-secrets --policy-document "$policy" > /dev/null
  aws_q iam create-instance-profile --instance-profile-name "$role" > /dev/null
  aws_q iam add-role-to-instance-profile --instance-profile-name "$role" --role-name "$role" > /dev/null
  say "created instance role $role (may read $(secrets_path)/* in SSM Parameter Store, nothing else)"
  CREATED=$((CREATED + 1))
}

# put_secret NAME VALUE: one SecureString parameter. The value goes through a file only this user
# may read, never on a command line (which any user of this machine could read with ps).
put_secret() {
  local request
  request="$(umask 077 && mktemp)"
  printf '{"Name":"%s/%s","Type":"SecureString","Overwrite":true,"Value":"%s"}' "$(secrets_path)" "$1" "$2" > "$request"
  aws_q ssm put-parameter --cli-input-json "file://$request" > /dev/null
  rm -f "$request"
}

secret_exists() {
  aws --region "$REGION" ssm get-parameter --name "$(secrets_path)/$1" > /dev/null 2>&1
}

# public_names: "N<TAB>public DNS<TAB>private IP" of every node, waiting up to 2 minutes for the names.
public_names() {
  local rows tries=0
  while true; do
    rows="$(aws_q ec2 describe-instances --filters "$(cluster_filter)" "Name=instance-state-name,Values=pending,running" \
      --query "Reservations[].Instances[].[Tags[?Key=='$PROJECT_TAG:node'].Value|[0],PublicDnsName,PrivateIpAddress]" | sort -n)"
    if [[ "$(awk -F'\t' '$2 != "" && $2 != "None"' <<< "$rows" | wc -l)" -eq "$NODE_COUNT" ]]; then
      echo "$rows"
      return
    fi
    ((tries++ < 24)) || die "the instances have no public DNS names after 2 minutes"
    sleep 5
  done
}

# ensure_secrets: a CA (here), a key store per node naming its public and private address, and the
# passwords; all of them into Parameter Store. Skipped when the cluster already has them.
ensure_secrets() {
  local dir pass admin n public private rows pid pids
  if secret_exists admin-password; then
    return
  fi
  dir="$(local_dir)"
  pass="$(random_secret)"
  admin="$(random_secret)"
  tls_ca "$dir" "$pass" "$PROJECT_TAG-$NAME-ca"
  rows="$(public_names)"
  # The four certificates at once: keytool is a JVM each time, and they do not depend on each other.
  pids=()
  while IFS=$'\t' read -r n public private; do
    tls_node "$dir" "$pass" "$n" "dns:$public,ip:$private" &
    pids+=("$!")
  done <<< "$rows"
  for pid in "${pids[@]}"; do
    wait "$pid" || die "keytool could not make every node certificate in $dir"
  done
  while IFS=$'\t' read -r n public private; do
    put_secret "node-$n/keystore" "$(base64 -w0 < "$dir/node-$n.p12")"
    rm -f "$dir/node-$n.p12"
  done <<< "$rows"
  put_secret truststore "$(base64 -w0 < "$dir/truststore.p12")"
  put_secret store-password "$pass"
  put_secret admin-password "$admin"
  (umask 077 && client_properties "$dir/truststore.p12" "$pass" admin "$admin" > "$dir/client.properties")
  say "made a CA and $NODE_COUNT node certificates (CA key kept in $dir); secrets stored as SecureString under $(secrets_path)"
  CREATED=$((CREATED + 1))
}

# command_config: the --command-config file for the lessons, made again from Parameter Store when
# this machine does not have it (another laptop, or a deleted folder).
command_config() {
  local dir pass admin
  dir="$(local_dir)"
  if [[ ! -f "$dir/client.properties" ]]; then
    mkdir -p "$dir" && chmod 700 "$dir"
    pass="$(aws_q ssm get-parameter --with-decryption --name "$(secrets_path)/store-password" --query Parameter.Value)"
    admin="$(aws_q ssm get-parameter --with-decryption --name "$(secrets_path)/admin-password" --query Parameter.Value)"
    aws_q ssm get-parameter --with-decryption --name "$(secrets_path)/truststore" --query Parameter.Value | base64 -d > "$dir/truststore.p12"
    (umask 077 && client_properties "$dir/truststore.p12" "$pass" admin "$admin" > "$dir/client.properties")
  fi
  echo "$dir/client.properties"
}

# delete_secure_parts: the parameters, the instance role and this machine's copy (after the instances).
delete_secure_parts() {
  local names role
  names="$(aws_q ssm get-parameters-by-path --path "$(secrets_path)" --recursive --query 'Parameters[].Name')"
  if [[ -n "$names" ]]; then
    # shellcheck disable=SC2086 # a list of names
    aws_q ssm delete-parameters --names $names > /dev/null
    say "deleted the secrets under $(secrets_path)"
  fi
  role="$(role_name)"
  if aws iam get-role --role-name "$role" > /dev/null 2>&1; then
    aws iam remove-role-from-instance-profile --instance-profile-name "$role" --role-name "$role" > /dev/null 2>&1 || true
    aws iam delete-instance-profile --instance-profile-name "$role" > /dev/null 2>&1 || true
    aws_q iam delete-role-policy --role-name "$role" --policy-name read-cluster-secrets > /dev/null
    aws_q iam delete-role --role-name "$role" > /dev/null
    say "deleted instance role $role"
  fi
  rm -rf "$(local_dir)"
}
