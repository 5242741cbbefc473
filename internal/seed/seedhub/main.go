// Command seedhub installs two binderhub-ui hubs into a cluster for the demo:
// one as its real configuration has it, and one with faults added. Both take
// their values from shared/real-configs and secrets invented at run time.
//
//	seedhub --kubeconfig K [--chart DIR] [--real-configs DIR] \
//	  --healthy CLUSTER/HUB --faulty CLUSTER/HUB [--faults a,b,...]
package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"slices"
	"strings"

	"github.com/binderhubui/kubectl-binderhubui/internal/seed"
)

type options struct {
	kubeconfig  string
	chart       string
	realConfigs string
	healthy     string
	faulty      string
	faults      string

	faultList []seed.Fault // parsed from faults by validate
}

func main() {
	var o options
	fs := flag.NewFlagSet("seedhub", flag.ContinueOnError)
	fs.StringVar(&o.kubeconfig, "kubeconfig", os.Getenv("KUBECONFIG"), "kubeconfig of the cluster to seed")
	fs.StringVar(&o.chart, "chart", seed.ChartDir(), "basehub test chart directory")
	fs.StringVar(&o.realConfigs, "real-configs", seed.RealConfigsDir(), "directory of the real hub configs")
	fs.StringVar(&o.healthy, "healthy", "", "CLUSTER/HUB to install as configured")
	fs.StringVar(&o.faulty, "faulty", "", "CLUSTER/HUB to install with faults")
	fs.StringVar(&o.faults, "faults", joinFaults(seed.AllFaults), "comma-separated faults for the faulty hub")
	if err := fs.Parse(os.Args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		os.Exit(2)
	}

	if err := o.validate(); err != nil {
		fmt.Fprintf(os.Stderr, "seedhub: %v\n", err)
		os.Exit(2)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := o.run(ctx); err != nil {
		fmt.Fprintf(os.Stderr, "seedhub: %v\n", err)
		os.Exit(1)
	}
}

func (o *options) validate() error {
	if o.kubeconfig == "" {
		return errors.New("--kubeconfig is required")
	}
	if o.healthy == "" && o.faulty == "" {
		return errors.New("give --healthy, --faulty or both")
	}
	if o.healthy != "" && o.faulty != "" && hubName(o.healthy) == hubName(o.faulty) {
		return fmt.Errorf("--healthy and --faulty are both hub %q: each hub is its own namespace", hubName(o.healthy))
	}

	for _, f := range strings.Split(o.faults, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if !slices.Contains(seed.AllFaults, seed.Fault(f)) {
			return fmt.Errorf("unknown fault %q; known: %s", f, joinFaults(seed.AllFaults))
		}
		o.faultList = append(o.faultList, seed.Fault(f))
	}

	return nil
}

func (o *options) run(ctx context.Context) error {
	if o.healthy != "" {
		if err := o.install(ctx, o.healthy, nil); err != nil {
			return err
		}
	}
	if o.faulty == "" {
		return nil
	}

	return o.install(ctx, o.faulty, o.faultList)
}

// install installs the hub ref (CLUSTER/HUB) with fresh secrets and the faults.
func (o *options) install(ctx context.Context, ref string, faults []seed.Fault) error {
	cluster, name, ok := strings.Cut(ref, "/")
	if !ok {
		return fmt.Errorf("hub %q is not CLUSTER/HUB", ref)
	}

	installed, err := seed.Installed(o.kubeconfig, name)
	if err != nil {
		return err
	}
	if installed {
		fmt.Printf("hub %s: release %s is already installed; left as it is\n", ref, name)
		return nil
	}

	hub, err := seed.FromRealConfig(o.realConfigs, cluster, name)
	if err != nil {
		return err
	}
	hub.Secrets = inventSecrets()
	if hub, err = seed.WithFaults(hub, faults...); err != nil {
		return err
	}

	rel, err := seed.Install(ctx, o.kubeconfig, o.chart, hub)
	if err != nil {
		return fmt.Errorf("installing hub %s: %w", ref, err)
	}

	fmt.Printf("hub %s: release %s in namespace %s, revision %d, %s\n",
		ref, rel.Name, rel.Namespace, rel.Version, rel.Info.Status)
	if len(faults) > 0 {
		fmt.Printf("  faults: %s\n", joinFaults(faults))
	}

	return nil
}

// inventSecrets makes the secret values a real hub keeps encrypted: random,
// never printed, different on every run.
func inventSecrets() seed.SecretValues {
	return seed.SecretValues{
		RegistryPassword:   rand.Text(),
		PullSecretPassword: rand.Text(),
		ServiceTokens:      map[string]string{"binder": rand.Text(), "hub-health": rand.Text()},
	}
}

func hubName(ref string) string {
	_, name, _ := strings.Cut(ref, "/")
	return name
}

func joinFaults(faults []seed.Fault) string {
	names := make([]string, len(faults))
	for i, f := range faults {
		names[i] = string(f)
	}

	return strings.Join(names, ",")
}
