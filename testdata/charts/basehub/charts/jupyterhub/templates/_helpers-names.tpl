{{- /*
Object names. With the chart default fullnameOverride "" every name is fixed
(hub, proxy-public, ...) whatever the release is called; only a null
fullnameOverride brings the release name in. These helpers only read
.Values.fullnameOverride, .Values.nameOverride, .Chart and .Release, so another
chart of the same release may include them with its own context, as
binderhub-service's extraEnv does with "jupyterhub.hub.fullname".
*/}}
{{- define "jupyterhub.fullname" -}}
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

{{- /* The fullname followed by a dash, or nothing when the fullname is empty. */}}
{{- define "jupyterhub.fullname.dash" -}}
{{- with include "jupyterhub.fullname" . }}{{ . }}-{{ end -}}
{{- end }}

{{- define "jupyterhub.hub.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}hub
{{- end }}

{{- define "jupyterhub.proxy.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}proxy
{{- end }}

{{- define "jupyterhub.proxy-api.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}proxy-api
{{- end }}

{{- define "jupyterhub.proxy-public.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}proxy-public
{{- end }}

{{- define "jupyterhub.image-pull-secret.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}image-pull-secret
{{- end }}

{{- define "jupyterhub.singleuser.fullname" -}}
{{- include "jupyterhub.fullname.dash" . }}singleuser
{{- end }}

{{- /* The Ingress is named after the fullname, or "jupyterhub" when that is empty. */}}
{{- define "jupyterhub.ingress.fullname" -}}
{{- include "jupyterhub.fullname" . | default "jupyterhub" }}
{{- end }}
