{{/* Names and labels shared by every object. */}}
{{- define "selfheal.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "selfheal.labels" -}}
app.kubernetes.io/part-of: selfheal
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "selfheal.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .name }}
{{- end -}}

{{/* The restricted Pod Security Standard, for the pod and for each container. */}}
{{- define "selfheal.podSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "selfheal.containerSecurity" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: [ALL]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/*
The scorer's replicas. Unset: 1 on the embedded store, 2 with PostgreSQL. With the embedded store
the models and state live on one volume: exactly 1. With PostgreSQL the replicas share the store and
the receivers route each series to one owner: 2 or more (one would be a single point of failure the
routing cannot cover).
*/}}
{{- define "selfheal.scorerReplicas" -}}
{{- $pg := .Values.receiver.postgres.enabled -}}
{{- $set := .Values.scorer.replicas -}}
{{- if or (kindIs "invalid" $set) (eq (toString $set) "") -}}
{{- if $pg -}}2{{- else -}}1{{- end -}}
{{- else -}}
{{- $n := int $set -}}
{{- if and $pg (lt $n 2) -}}
{{- fail (printf "scorer.replicas is %d: with PostgreSQL (receiver.postgres.enabled) the scorer runs 2 or more replicas sharing the store; leave it unset for 2" $n) -}}
{{- end -}}
{{- if and (not $pg) (ne $n 1) -}}
{{- fail (printf "scorer.replicas is %d: with the embedded store the scorer runs exactly 1 replica (its models are on one volume); set receiver.postgres.enabled=true for several" $n) -}}
{{- end -}}
{{- $n -}}
{{- end -}}
{{- end -}}

{{/* The headless Service whose addresses are the scorer replicas (PostgreSQL mode). */}}
{{- define "selfheal.scorerReplicasService" -}}
{{- printf "%s-scorer-replicas" (include "selfheal.fullname" .) -}}
{{- end -}}

{{- define "selfheal.receiverReplicas" -}}
{{- if .Values.receiver.postgres.enabled -}}{{ .Values.receiver.replicas }}{{- else -}}1{{- end -}}
{{- end -}}

{{/*
The PodDisruptionBudget's API version: policy/v1 where the cluster serves it (Kubernetes 1.21 and
later; v1beta1 is gone since 1.25), policy/v1beta1 before (1.20). `helm template` without a cluster
knows policy/v1, so the default render has it.
*/}}
{{- define "selfheal.pdbApiVersion" -}}
{{- if or (.Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget") (not (.Capabilities.APIVersions.Has "policy/v1beta1/PodDisruptionBudget")) -}}
policy/v1
{{- else -}}
policy/v1beta1
{{- end -}}
{{- end }}
