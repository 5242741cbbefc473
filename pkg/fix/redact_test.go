package fix

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestRedactDiff(t *testing.T) {
	in := `--- a/hub.yaml
+++ b/hub.yaml
@@ -1,20 +1,20 @@
 binderhub-service:
   buildPodsRegistryCredentials:
     server: https://quay.io
     password: hunter2
     "api_key": 'k3y'
   extraEnv:
-  - name: JUPYTERHUB_API_TOKEN
-    value: 0123abcd
+  - name: JUPYTERHUB_API_TOKEN
+    valueFrom:
+      secretKeyRef:
+        name: hub
+        key: hub.services.binder.apiToken
   - name: JUPYTERHUB_API_URL
     value: http://hub:8081/hub/api
   extraCredentials:
     googleServiceAccountKey: |
       {"private_key": "-----BEGIN-----"}
     token: *shared
 jupyterhub:
   ingress:
     tls:
     - secretName: https-auto-tls
`
	want := `--- a/hub.yaml
+++ b/hub.yaml
@@ -1,20 +1,20 @@
 binderhub-service:
   buildPodsRegistryCredentials:
     server: https://quay.io
     password: <redacted>
     "api_key": <redacted>
   extraEnv:
-  - name: JUPYTERHUB_API_TOKEN
-    value: <redacted>
+  - name: JUPYTERHUB_API_TOKEN
+    valueFrom:
+      secretKeyRef:
+        name: hub
+        key: hub.services.binder.apiToken
   - name: JUPYTERHUB_API_URL
     value: http://hub:8081/hub/api
   extraCredentials:
     googleServiceAccountKey: |
       <redacted>
     token: *shared
 jupyterhub:
   ingress:
     tls:
     - secretName: https-auto-tls
`
	if diff := cmp.Diff(want, RedactDiff(in)); diff != "" {
		t.Errorf("RedactDiff mismatch (-want +got):\n%s", diff)
	}
}
