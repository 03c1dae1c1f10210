package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"strings"
	"testing"
)

// help runs `warta ARGS -h` and returns what it printed, failing unless it
// exits 0.
func help(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	m := NewMain()
	m.Stdout, m.Stderr = &out, &errb
	m.Getenv = func(string) string { return "" }
	err := m.Run(context.Background(), append(args, "-h"))
	if code := m.ExitCode(err); code != 0 && !errors.Is(err, flag.ErrHelp) {
		t.Fatalf("warta %v -h: exit %d (%v)", args, code, err)
	}
	return out.String() + errb.String()
}

// TestHelpListsModes: warta's help and each command's own list every mode
// the command takes; the command refuses others as a usage error.
func TestHelpListsModes(t *testing.T) {
	var out bytes.Buffer
	m := NewMain()
	m.Stdout = &out
	if err := m.Run(context.Background(), []string{"help"}); err != nil && m.ExitCode(err) != 0 {
		t.Fatalf("warta help: %v", err)
	}
	top := out.String()
	for _, c := range []struct {
		cmd   string
		modes []string
	}{{"eval", evalModes}, {"bench", benchModes}, {"train", trainModes}} {
		own := help(t, c.cmd)
		for _, mode := range c.modes {
			if !strings.Contains(own, mode) {
				t.Errorf("warta %s -h does not list %s:\n%s", c.cmd, mode, firstLine(own))
			}
			if !strings.Contains(top, mode) {
				t.Errorf("warta help does not list %s %s", c.cmd, mode)
			}
		}
		err := m.Run(context.Background(), []string{c.cmd, "no-such-mode", "--data-dir", t.TempDir()})
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Errorf("warta %s no-such-mode: %v, want a usage error", c.cmd, err)
		}
	}
	if strings.Contains(top, "fixtures") {
		t.Error("warta help names an evaluation that does not exist (fixtures)")
	}
}

// TestWorkersFlagOnlyWhereItMeansSomething: -workers sizes the analysis
// pipeline; commands that run no pipeline do not offer it.
func TestWorkersFlagOnlyWhereItMeansSomething(t *testing.T) {
	for _, cmd := range [][]string{{"ingest"}, {"analyze"}, {"reprocess"}, {"serve"}, {"fetch"}} {
		if !strings.Contains(help(t, cmd...), "-workers") {
			t.Errorf("warta %v -h lacks -workers", cmd)
		}
	}
	for _, cmd := range [][]string{{"search"}, {"quotes"}, {"timeline"}, {"entities"}, {"export"}, {"alerts", "add"}, {"sources", "list"}, {"migrate"}, {"config"}} {
		if strings.Contains(help(t, cmd...), "-workers") {
			t.Errorf("warta %v -h offers -workers, which it does not use", cmd)
		}
	}
}
