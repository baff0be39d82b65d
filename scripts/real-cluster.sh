#!/usr/bin/env bash
# End-to-end on a real, throw-away cluster: build the jar and the image, create a kind (or k3d) cluster,
# load the image, install the chart with the built-in MinIO and a signing key, apply examples/, query the
# API through a port-forward, and verify the shipped segments with `rynxs segments verify`.
#
# Needs: Docker, kind or k3d, kubectl, helm 3, Java 17. NOT run on the project's CI machines (no Docker
# engine or cluster there); see docs/operations.md "What was and was not run here".
#
# Usage: scripts/real-cluster.sh [kind|k3d]      (KEEP=1 keeps the cluster afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."

tool=${1:-kind}
cluster=rynxs-e2e
ns=rynxs
image=ghcr.io/rynxs/operator:e2e
work=$(mktemp -d)
pf_pid=""

cleanup() {
  [ -n "$pf_pid" ] && kill "$pf_pid" 2>/dev/null || true
  if [ "${KEEP:-0}" != 1 ]; then
    case "$tool" in
      kind) kind delete cluster --name "$cluster" >/dev/null 2>&1 || true ;;
      k3d) k3d cluster delete "$cluster" >/dev/null 2>&1 || true ;;
    esac
  fi
  rm -rf "$work"
}
trap cleanup EXIT

for cmd in docker "$tool" kubectl helm java; do
  command -v "$cmd" >/dev/null || { echo "real-cluster: $cmd is missing (this script needs Docker, $tool, kubectl, helm and Java 17)" >&2; exit 2; }
done

echo "== build the jar and the image"
./mvnw -B -q package -DskipTests
docker build -t "$image" .

echo "== create the cluster and load the image"
case "$tool" in
  kind) kind create cluster --name "$cluster" --wait 120s && kind load docker-image "$image" --name "$cluster" ;;
  k3d) k3d cluster create "$cluster" --wait && k3d image import "$image" -c "$cluster" ;;
  *) echo "real-cluster: use kind or k3d, not $tool" >&2; exit 2 ;;
esac

echo "== a signing key and the S3 credentials"
./rynxs keygen --name rynxs.e2e/test --out "$work/keys" >/dev/null
kubectl create namespace "$ns"
kubectl -n "$ns" create secret generic rynxs-signing-key \
  --from-file="$work/keys/signing.key" --from-file="$work/keys/verifier.vkey"
kubectl -n "$ns" create secret generic rynxs-s3-credentials \
  --from-literal=AWS_ACCESS_KEY_ID=minioadmin --from-literal=AWS_SECRET_ACCESS_KEY=minioadmin

echo "== install the chart with MinIO (the operator creates the bucket)"
helm install rynxs ./helm/rynxs -n "$ns" --values examples/values/s3-minio-values.yaml \
  --set image.repository="${image%:*}" --set image.tag="${image##*:}" --set image.pullPolicy=Never \
  --set checkpoint.signingKeySecret=rynxs-signing-key \
  --set segments.maxAge=5s --set checkpoint.interval=5s --set metrics.enabled=true
kubectl -n "$ns" wait --for=condition=ready pod -l app.kubernetes.io/component=minio --timeout=180s
kubectl -n "$ns" wait --for=condition=ready pod -l app.kubernetes.io/name=rynxs --timeout=180s

echo "== apply the examples"
kubectl apply -f examples/agent-basic.yaml -f examples/agent-worker.yaml -f examples/agent-manager.yaml \
  -f examples/agent-director.yaml -f examples/session.yaml
sleep 15
kubectl get agents -A

echo "== query the API as a ServiceAccount bound to rynxs-api-reader"
kubectl -n "$ns" create serviceaccount e2e-reader
kubectl create clusterrolebinding rynxs-e2e-reader --clusterrole=rynxs-api-reader --serviceaccount="$ns:e2e-reader"
token=$(kubectl -n "$ns" create token e2e-reader)
kubectl -n "$ns" port-forward svc/rynxs 18081:8081 >/dev/null 2>&1 & pf_pid=$!
sleep 3
curl -fsS -H "Authorization: Bearer $token" 'http://localhost:18081/api/v1/events?limit=5'; echo
curl -fsS -H "Authorization: Bearer $token" http://localhost:18081/api/v1/checkpoints/latest; echo
kill "$pf_pid"; pf_pid=""

echo "== verify the segments shipped to MinIO"
sleep 10
kubectl -n "$ns" port-forward svc/rynxs-minio 19000:9000 >/dev/null 2>&1 & pf_pid=$!
sleep 3
RYNXS_S3_ENDPOINT=http://localhost:19000 AWS_ACCESS_KEY_ID=minioadmin AWS_SECRET_ACCESS_KEY=minioadmin \
  ./rynxs segments verify --from s3://rynxs-events/events/ --vkey "$work/keys/verifier.vkey" --json
echo "== real-cluster: ok"
