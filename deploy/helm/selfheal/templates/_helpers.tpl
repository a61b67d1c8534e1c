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
