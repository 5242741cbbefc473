{{- /*
Labels take a dict: "root" (the chart context) and "component" (hub, proxy,
...). matchLabels are the legacy trio every selector uses; labels add the
app.kubernetes.io set for object metadata.
*/}}
{{- define "jupyterhub.matchLabels" -}}
component: {{ .component }}
app: {{ .root.Values.nameOverride | default .root.Chart.Name }}
release: {{ .root.Release.Name }}
{{- end }}

{{- define "jupyterhub.labels" -}}
{{ include "jupyterhub.matchLabels" . }}
chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
heritage: {{ .root.Release.Service }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/name: {{ .root.Values.nameOverride | default .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{- /* Pod labels: the selector plus the app.kubernetes.io set, no chart version. */}}
{{- define "jupyterhub.podLabels" -}}
{{ include "jupyterhub.matchLabels" . }}
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/name: {{ .root.Values.nameOverride | default .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}
