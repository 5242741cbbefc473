// Command localcluster runs a real kube-apiserver and an embedded etcd in one
// process, listening on 127.0.0.1 only, for the project's end-to-end tests and
// demo. It writes everything a client needs (kubeconfigs, audit log, tokens)
// under one state directory and announces readiness with a line on stdout and
// a <dir>/ready file.
//
// There is no controller-manager, scheduler or kubelet: objects are stored and
// served, but nothing reconciles them.
package main

import (
	"flag"
	"fmt"
	"os"

	"k8s.io/component-base/logs/klogflags"
)

func main() {
	var opts options
	flag.StringVar(&opts.dir, "dir", "", "state directory: etcd data, certificates, kubeconfigs, tokens, audit log (required)")
	flag.IntVar(&opts.port, "port", 0, "API server port on 127.0.0.1; 0 picks a free one")

	// klog owns -v and -vmodule; the value of -v is handed on to the API server,
	// which would otherwise reset klog's verbosity to its own default.
	klogflags.Init(flag.CommandLine)
	flag.Parse()

	if err := run(opts); err != nil {
		fmt.Fprintf(os.Stderr, "localcluster: %v\n", err)
		os.Exit(1)
	}
}
