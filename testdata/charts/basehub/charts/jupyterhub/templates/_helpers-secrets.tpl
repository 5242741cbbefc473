{{- /*
One value of the hub Secret. Takes a dict: "given" (the value set in values,
may be empty), "existing" (the data of the live hub Secret, empty when there
is none or when rendering offline), "key" (the Secret key) and "generate"
("alnum" for 64 letters and digits, anything else for 64 hex characters).
Keeping the live value means an upgrade does not rotate tokens.
*/}}
{{- define "jupyterhub.hub.secretValue" -}}
{{- if .given -}}
{{- .given -}}
{{- else if index .existing .key -}}
{{- index .existing .key | b64dec -}}
{{- else if eq .generate "alnum" -}}
{{- randAlphaNum 64 -}}
{{- else -}}
{{- randAlphaNum 64 | sha256sum -}}
{{- end -}}
{{- end }}

{{- /*
The .dockerconfigjson of the image pull Secret: one registry entry with the
username, password, optional email and their basic-auth pair.
*/}}
{{- define "jupyterhub.dockerconfigjson" -}}
{{- $ips := .Values.imagePullSecret -}}
{{- $registry := $ips.registry | default "https://index.docker.io/v1/" -}}
{{- $username := $ips.username | default "" -}}
{{- $password := $ips.password | default "" -}}
{{- $entry := dict "username" $username "password" $password "auth" (printf "%s:%s" $username $password | b64enc) -}}
{{- with $ips.email }}{{ $_ := set $entry "email" . }}{{ end -}}
{{- dict "auths" (dict $registry $entry) | toJson -}}
{{- end }}
