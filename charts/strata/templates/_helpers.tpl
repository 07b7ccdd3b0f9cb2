{{/* Names, labels, images. */}}
{{- define "strata.fullname" -}}
{{- if contains "strata" .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-strata" .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "strata.selectorLabels" -}}
app.kubernetes.io/name: strata
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "strata.labels" -}}
{{ include "strata.selectorLabels" . }}
app.kubernetes.io/part-of: strata
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}

{{/* Labels of one component: (dict "ctx" $ "component" "auth"). */}}
{{- define "strata.componentLabels" -}}
{{ include "strata.labels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "strata.componentSelector" -}}
{{ include "strata.selectorLabels" .ctx }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* <registry>/strata/<name>:<tag>: (dict "ctx" $ "name" "auth"). */}}
{{- define "strata.image" -}}
{{- $registry := .ctx.Values.image.registry | trimSuffix "/" -}}
{{- $tag := .ctx.Values.image.tag | default .ctx.Chart.AppVersion -}}
{{- if $registry -}}{{ printf "%s/strata/%s:%s" $registry .name $tag }}{{- else -}}{{ printf "strata/%s:%s" .name $tag }}{{- end -}}
{{- end -}}

{{- define "strata.serviceImage" -}}
{{- $svc := index .ctx.Values.services .name -}}
{{- $svc.image | default (include "strata.image" .) -}}
{{- end -}}

{{- define "strata.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "strata.fullname" .)) -}}
{{- end -}}

{{- define "strata.databaseSecretName" -}}
{{- .Values.database.existingSecret.name | default (printf "%s-database" (include "strata.fullname" .)) -}}
{{- end -}}

{{- define "strata.databaseSecretKey" -}}
{{- if .Values.database.existingSecret.name -}}{{ .Values.database.existingSecret.key }}{{- else -}}DATABASE_URL{{- end -}}
{{- end -}}

{{- define "strata.natsFullname" -}}
{{- if contains "nats" .Release.Name -}}{{ .Release.Name | trunc 63 | trimSuffix "-" }}{{- else -}}{{ printf "%s-nats" .Release.Name | trunc 63 | trimSuffix "-" }}{{- end -}}
{{- end -}}

{{- define "strata.natsUrl" -}}
{{- if .Values.nats.enabled -}}
{{- printf "nats://%s.%s.svc:4222" (include "strata.natsFullname" .) .Release.Namespace -}}
{{- else -}}
{{- required "externalNats.url is required when nats.enabled is false" .Values.externalNats.url -}}
{{- end -}}
{{- end -}}

{{- define "strata.publicUrl" -}}
{{- if .Values.publicUrl -}}{{ .Values.publicUrl | trimSuffix "/" }}
{{- else if .Values.ingress.enabled -}}{{ printf "%s://%s" (ternary "https" "http" .Values.ingress.tls.enabled) .Values.ingress.host }}
{{- else -}}{{ fail "publicUrl is required when ingress.enabled is false" }}
{{- end -}}
{{- end -}}

{{/*
The services, in start order, and what each reads. This is the one place that says which
environment variables the chart sets for a service:
  - `secret`: keys of the Secret (generated or secrets.existingSecret); `optional` ones may be absent;
  - `database`: DATABASE_URL from the database Secret;
  - `public`: PUBLIC_URL; `tokenTtl`: AUTH_ACCESS_TOKEN_TTL_SECONDS;
  - every service gets NODE_ENV, NATS_URL, LOG_LEVEL, PORT, AUTH_ISSUER, AUTH_AUDIENCE and
    (when set) OTEL_EXPORTER_OTLP_ENDPOINT; service-specific settings are in "strata.serviceConfig";
  - any other name a service reads is set through services.<name>.env, or commonEnv for the
    settings every service reads (names listed in values.schema.json).
charts/strata/test/env.spec.ts checks the result against each service's zod config schema.
*/}}
{{- define "strata.serviceTable" -}}
auth:
  database: true
  public: true
  tokenTtl: true
  secret: [AUTH_MASTER_KEYS, AUTH_ACTIVE_KEY_ID]
  optional: []
accounts:
  database: true
  public: true
  secret: [ACCOUNTS_INTERNAL_TOKEN, ORG_USAGE_TOKEN]
  optional: []
notify:
  database: true
  public: true
  secret: [ACCOUNTS_INTERNAL_TOKEN]
  optional: [SMTP_URL]
cloud:
  database: true
  secret: [CLOUD_MASTER_KEYS, CLOUD_ACTIVE_KEY_ID, CLOUD_INTERNAL_TOKEN, ORG_USAGE_TOKEN]
  optional: []
cluster:
  database: true
  secret: [CLOUD_INTERNAL_TOKEN, CLUSTER_MASTER_KEYS, CLUSTER_ACTIVE_KEY_ID, ORG_USAGE_TOKEN]
  optional: []
gateway:
  public: true
  tokenTtl: true
  secret: [CSRF_SECRET]
  optional: [GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET]
{{- end -}}

{{- define "strata.serviceNames" -}}
{{- list "auth" "accounts" "notify" "cloud" "cluster" "gateway" | toJson -}}
{{- end -}}

{{/* The plain settings of one service (its ConfigMap): (dict "ctx" $ "name" "auth"). */}}
{{- define "strata.serviceConfig" -}}
{{- $ := .ctx -}}
{{- $name := .name -}}
{{- $svc := index $.Values.services $name -}}
{{- $row := index (include "strata.serviceTable" $ | fromYaml) $name -}}
{{- $config := dict
  "NODE_ENV" $.Values.nodeEnv
  "NATS_URL" (include "strata.natsUrl" $)
  "LOG_LEVEL" $.Values.logLevel
  "PORT" (toString $svc.port)
  "AUTH_ISSUER" $.Values.tokens.issuer
  "AUTH_AUDIENCE" $.Values.tokens.audience -}}
{{- if $.Values.otlpEndpoint -}}{{- $_ := set $config "OTEL_EXPORTER_OTLP_ENDPOINT" $.Values.otlpEndpoint -}}{{- end -}}
{{- if $row.public -}}{{- $_ := set $config "PUBLIC_URL" (include "strata.publicUrl" $) -}}{{- end -}}
{{- if $row.tokenTtl -}}{{- $_ := set $config "AUTH_ACCESS_TOKEN_TTL_SECONDS" (toString $.Values.tokens.accessTokenTtlSeconds) -}}{{- end -}}
{{- if eq $name "accounts" -}}
{{- $_ := set $config "ADMIN_EMAILS" (join "," $.Values.adminEmails) -}}
{{- end -}}
{{- if eq $name "notify" -}}
{{- $_ := set $config "MAIL_FROM" $.Values.mail.from -}}
{{- end -}}
{{- if eq $name "gateway" -}}
{{- $_ := set $config "TRUSTED_PROXIES" $svc.trustedProxies -}}
{{- end -}}
{{- if eq $name "cluster" -}}
{{- $_ := set $config "CLUSTER_RUNNER" $svc.runner -}}
{{- $_ := set $config "CLUSTER_NAMESPACE" $.Values.runs.namespace -}}
{{- /* The local runner's termination files: /tmp is the only writable path. */ -}}
{{- $_ := set $config "CLUSTER_LOCAL_WORKDIR" "/tmp/cluster-runs" -}}
{{- $images := dict "sandbox" "sandbox-job" "aws" "provisioner-aws" "azure" "provisioner-azure" "gcp" "provisioner-gcp" -}}
{{- range $provider := list "sandbox" "aws" "azure" "gcp" -}}
{{- $p := index $svc.providers $provider -}}
{{- /* A disabled provider is set empty ("not offered"), not left to the service's default. */ -}}
{{- $image := "" -}}
{{- if $p.enabled -}}
{{- $image = $p.image | default (include "strata.image" (dict "ctx" $ "name" (index $images $provider))) -}}
{{- end -}}
{{- $_ := set $config (printf "CLUSTER_IMAGE_%s_APPLY" (upper $provider)) $image -}}
{{- $_ := set $config (printf "CLUSTER_IMAGE_%s_DESTROY" (upper $provider)) $image -}}
{{- if eq $provider "sandbox" -}}
{{- /* App runs on sandbox clusters: the sandbox-job image runs the sandbox installer. */ -}}
{{- $_ := set $config "CLUSTER_IMAGE_SANDBOX_INSTALLER" $image -}}
{{- end -}}
{{- end -}}
{{- $_ := set $config "CLUSTER_IMAGE_APP_INSTALLER" ($svc.appInstaller.image | default (include "strata.image" (dict "ctx" $ "name" "app-installer"))) -}}
{{- end -}}
{{- range $key, $value := $.Values.commonEnv -}}
{{- $_ := set $config $key (toString $value) -}}
{{- end -}}
{{- range $key, $value := $svc.env -}}
{{- $_ := set $config $key (toString $value) -}}
{{- end -}}
{{- toYaml $config -}}
{{- end -}}

{{/* The Secret-backed environment of one service: (dict "ctx" $ "name" "auth"). */}}
{{- define "strata.secretEnv" -}}
{{- $ := .ctx -}}
{{- $row := index (include "strata.serviceTable" $ | fromYaml) .name -}}
{{- if $row.database }}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "strata.databaseSecretName" $ }}
      key: {{ include "strata.databaseSecretKey" $ }}
{{- end }}
{{- range $row.secret }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "strata.secretName" $ }}
      key: {{ . }}
{{- end }}
{{- range $row.optional }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "strata.secretName" $ }}
      key: {{ . }}
      optional: true
{{- end }}
{{- end -}}

{{- define "strata.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "strata.containerSecurityContext" -}}
{{ toYaml .Values.containerSecurityContext }}
{{- end -}}

{{/* Checks that fail `helm install` early with a message naming the value. */}}
{{- define "strata.validate" -}}
{{- if not (or .Values.database.url .Values.database.existingSecret.name) -}}
{{- fail "database.url or database.existingSecret.name is required (Strata uses an external PostgreSQL: docs/install.md)" -}}
{{- end -}}
{{- if and (eq .Values.nodeEnv "production") (not .Values.secrets.existingSecret) (not .Values.mail.smtpUrl) -}}
{{- fail "mail.smtpUrl is required with nodeEnv production (or a secrets.existingSecret holding SMTP_URL, or nodeEnv development, which logs email links)" -}}
{{- end -}}
{{- if and .Values.google.enabled (not .Values.secrets.existingSecret) (not (and .Values.google.clientId .Values.google.clientSecret)) -}}
{{- fail "google.clientId and google.clientSecret are required with google.enabled (or a secrets.existingSecret holding GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)" -}}
{{- end -}}
{{- if and .Values.nats.enabled .Values.nats.config.cluster.enabled (lt (int .Values.nats.config.cluster.replicas) 3) -}}
{{- fail "nats.config.cluster.replicas must be at least 3 for a JetStream cluster" -}}
{{- end -}}
{{- end -}}
