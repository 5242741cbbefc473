{{- /*
Names. With the default fullnameOverride "" they do not depend on the
release: binderhub, build-pods-docker-config, docker-api. With a null
fullnameOverride they carry <release>-binderhub-service.
*/}}
{{- define "binderhub-service.fullname" -}}
{{- $override := .Values.fullnameOverride -}}
{{- if kindIs "string" $override -}}
{{- $override | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := .Values.nameOverride | default .Chart.Name -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{- define "binderhub-service.fullname.dash" -}}
{{- with include "binderhub-service.fullname" . }}{{ . }}-{{ end -}}
{{- end }}

{{- define "binderhub-service.binderhub.fullname" -}}
{{- include "binderhub-service.fullname.dash" . }}binderhub
{{- end }}

{{- define "binderhub-service.serviceaccount.name" -}}
{{- .Values.serviceAccount.name | default (include "binderhub-service.binderhub.fullname" .) }}
{{- end }}

{{- define "binderhub-service.ingress.fullname" -}}
{{- include "binderhub-service.fullname" . | default "binderhub" }}
{{- end }}

{{- define "binderhub-service.docker-api.fullname" -}}
{{- include "binderhub-service.fullname.dash" . }}docker-api
{{- end }}

{{- /* The push secret; the binderhub pod learns it from PUSH_SECRET_NAME. */}}
{{- define "binderhub-service.build-pods-docker-config.fullname" -}}
{{- include "binderhub-service.fullname.dash" . }}build-pods-docker-config
{{- end }}

{{- /* Where docker-api keeps its socket and data, unique per namespace and release. */}}
{{- define "binderhub-service.docker-api.dir" -}}
{{- printf "%s-%s/docker-api" .Release.Namespace .Release.Name }}
{{- end }}

{{- /* Labels: common ones for metadata, selector ones take a dict of root and component. */}}
{{- define "binderhub-service.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{ include "binderhub-service.selectorBase" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "binderhub-service.selectorBase" -}}
app.kubernetes.io/name: {{ .Values.nameOverride | default .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "binderhub-service.selectorLabels" -}}
{{ include "binderhub-service.selectorBase" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "binderhub-service.image" -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.Version) }}
{{- end }}
