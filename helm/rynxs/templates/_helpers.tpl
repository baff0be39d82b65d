{{/* Chart name, at most 63 characters. */}}
{{- define "rynxs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Object name prefix. A release whose name already contains the chart name is used as is, so release `rynxs`
gives `rynxs-metrics`, not `rynxs-rynxs-metrics`. At most 52 characters: StatefulSet pods add a
revision hash label of up to 11 more.
*/}}
{{- define "rynxs.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 52 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 52 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "rynxs.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "rynxs.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{/* The operator pods: `kubectl get pods -l app.kubernetes.io/name=rynxs` finds them and nothing else. */}}
{{- define "rynxs.selectorLabels" -}}
app.kubernetes.io/name: {{ include "rynxs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end -}}

{{- define "rynxs.minio.selectorLabels" -}}
app.kubernetes.io/name: minio
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: minio
{{- end -}}

{{- define "rynxs.minio.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "rynxs.minio.selectorLabels" . }}
app.kubernetes.io/part-of: {{ include "rynxs.name" . }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "rynxs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "rynxs.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "rynxs.leaseName" -}}
{{- default (printf "%s-leader" (include "rynxs.fullname" .)) .Values.leaderElection.leaseName -}}
{{- end -}}

{{- define "rynxs.minioEndpoint" -}}
{{- printf "http://%s-minio.%s.svc:9000" (include "rynxs.fullname" .) .Release.Namespace -}}
{{- end -}}

{{- define "rynxs.s3Endpoint" -}}
{{- if .Values.logSink.s3.endpoint -}}
{{- .Values.logSink.s3.endpoint -}}
{{- else if .Values.minio.enabled -}}
{{- include "rynxs.minioEndpoint" . -}}
{{- end -}}
{{- end -}}

{{/* RYNXS_SEGMENTS_SINK */}}
{{- define "rynxs.sink" -}}
{{- if eq .Values.logSink.type "s3" -}}
{{- printf "s3://%s/%s" .Values.logSink.s3.bucket (.Values.logSink.s3.prefix | trimPrefix "/") -}}
{{- else -}}
{{- printf "file://%s/sink/" (.Values.persistence.mountPath | trimSuffix "/") -}}
{{- end -}}
{{- end -}}

{{/*
Combinations the schema cannot express. Each message says what is wrong and what to do; the binary would
otherwise start and misbehave (several writers, a log no other replica can read, an unusable sink).
*/}}
{{- define "rynxs.validate" -}}
{{- $v := .Values -}}
{{- if gt (int $v.replicaCount) 1 -}}
{{- if not $v.leaderElection.enabled -}}
{{- fail (printf "replicaCount=%d needs leaderElection.enabled=true: without a Lease every replica would append to its own log and act on the cluster (set leaderElection.enabled=true, or replicaCount=1)" (int $v.replicaCount)) -}}
{{- end -}}
{{- if ne $v.logSink.type "s3" -}}
{{- fail (printf "replicaCount=%d needs logSink.type=s3: each replica has its own volume, so a new leader can only continue the log from a shared S3 sink (set logSink.type=s3 with logSink.s3.bucket, or replicaCount=1)" (int $v.replicaCount)) -}}
{{- end -}}
{{- if not $v.checkpoint.signingKeySecret -}}
{{- fail (printf "replicaCount=%d needs checkpoint.signingKeySecret: every replica must sign with the same key, or a new leader's checkpoints are refused (create one with `rynxs keygen` and `kubectl create secret generic`, see docs/operations.md)" (int $v.replicaCount)) -}}
{{- end -}}
{{- end -}}
{{- if and (eq $v.logSink.type "s3") (not $v.logSink.s3.bucket) -}}
{{- fail "logSink.type=s3 needs logSink.s3.bucket (e.g. rynxs-events)" -}}
{{- end -}}
{{- if and $v.minio.enabled (ne $v.logSink.type "s3") -}}
{{- fail "minio.enabled=true needs logSink.type=s3 and logSink.s3.bucket: otherwise nothing uses MinIO" -}}
{{- end -}}
{{- if and (eq $v.api.auth "token") (not $v.api.tokenSecret) -}}
{{- fail "api.auth=token needs api.tokenSecret: a Secret with key `tokens` holding `token identity role` lines" -}}
{{- end -}}
{{- if and $v.metrics.enabled (eq (int $v.metrics.port) (int $v.api.port)) -}}
{{- fail (printf "metrics.port=%d equals api.port: choose two different ports" (int $v.metrics.port)) -}}
{{- end -}}
{{- if and $v.metrics.serviceMonitor.enabled (not $v.metrics.enabled) -}}
{{- fail "metrics.serviceMonitor.enabled=true needs metrics.enabled=true: there is nothing to scrape otherwise" -}}
{{- end -}}
{{- if and $v.metrics.serviceMonitor.enabled (has $v.metrics.bind (list "127.0.0.1" "::1")) -}}
{{- fail (printf "metrics.serviceMonitor.enabled=true with metrics.bind=%s: the ServiceMonitor scrapes the pod IP, where nothing listens (keep metrics.bind=0.0.0.0, or scrape through your own sidecar with your own ServiceMonitor)" $v.metrics.bind) -}}
{{- end -}}
{{- if and $v.networkPolicy.enabled $v.metrics.enabled (not $v.networkPolicy.metricsFrom) -}}
{{- fail "networkPolicy.enabled=true with metrics.enabled=true needs networkPolicy.metricsFrom: with no peer the policy blocks every scraper (list your Prometheus pods, e.g. [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}])" -}}
{{- end -}}
{{- if and $v.prometheusRule.enabled (not $v.metrics.enabled) -}}
{{- fail "prometheusRule.enabled=true needs metrics.enabled=true: the alerts are about metrics nobody would scrape" -}}
{{- end -}}
{{- end -}}
