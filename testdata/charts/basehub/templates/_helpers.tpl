{{/* Labels on the objects basehub itself adds next to its two subcharts. */}}
{{- define "basehub.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* The selector of the hub pod, as the jupyterhub subchart labels it. */}}
{{- define "basehub.hubSelector" -}}
component: hub
app: jupyterhub
release: {{ .Release.Name }}
{{- end }}
