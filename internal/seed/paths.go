package seed

import (
	"os"
	"path/filepath"
	"runtime"
)

// RealConfigsEnv overrides where RealConfigsDir looks for the real hub configs.
const RealConfigsEnv = "BINDERHUBUI_REAL_CONFIGS"

// chartPath is the basehub test chart, relative to the repository root.
var chartPath = filepath.Join("testdata", "charts", "basehub")

// ChartDir returns the basehub test chart of this repository.
func ChartDir() string {
	return filepath.Join(repoRoot(), chartPath)
}

// RealConfigsDir returns the directory of the real hub configs: $BINDERHUBUI_REAL_CONFIGS
// if set, else shared/real-configs next to the repository.
func RealConfigsDir() string {
	if dir := os.Getenv(RealConfigsEnv); dir != "" {
		return dir
	}

	return filepath.Join(repoRoot(), "..", "shared", "real-configs")
}

// repoRoot finds the repository from this source file's path, which Go records
// at build time; a -trimpath build records none, so it then walks up from the
// working directory to the first directory that holds the chart.
func repoRoot() string {
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		return filepath.Join(filepath.Dir(file), "..", "..")
	}

	dir, err := os.Getwd()
	if err != nil {
		return "."
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, chartPath, "Chart.yaml")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "."
		}
		dir = parent
	}
}
