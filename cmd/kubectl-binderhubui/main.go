// Command kubectl-binderhubui is a kubectl and Helm plugin that diagnoses and
// repairs JupyterHub + BinderHub "binderhub-ui" hubs. All behaviour lives in
// internal/cli and the pkg/ libraries; this file only wires the process.
package main

import (
	"os"

	"github.com/binderhubui/kubectl-binderhubui/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.StandardStreams()))
}
