{{/* Chart name, truncated to 63 characters (a DNS label). */}}
{{- define "twingraph.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified name: release-chart unless the release name already contains the chart name. */}}
{{- define "twingraph.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "twingraph.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "twingraph.selectorLabels" -}}
app.kubernetes.io/name: {{ include "twingraph.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "twingraph.labels" -}}
helm.sh/chart: {{ include "twingraph.chart" . }}
{{ include "twingraph.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: twingraph
{{- end }}

{{- define "twingraph.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "twingraph.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The Secret with credentials: the user's own, or the chart's. */}}
{{- define "twingraph.secretName" -}}
{{- default (include "twingraph.fullname" .) .Values.secrets.existingSecret }}
{{- end }}

{{- define "twingraph.pvcName" -}}
{{- default (printf "%s-data" (include "twingraph.fullname" .)) .Values.persistence.existingClaim }}
{{- end }}

{{- define "twingraph.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
