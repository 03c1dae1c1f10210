package cli

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// startupCase is one command line whose whole process bench startup
// times.
type startupCase struct {
	name string
	args []string
	// problems: the command reports a problem with its input (exit code
	// 3), as analyze of an empty standard input does, and that is fine.
	problems bool
}

// startup runs the warta binary itself (the one running this benchmark)
// as a child process, runs times per command, and prints the wall time,
// CPU time and peak memory of each whole process, start-up included, with
// the bytes its package initialisation allocated (GODEBUG=inittrace=1:
// the one figure here that does not move with the machine's load).
func (c *BenchCommand) startup(ctx context.Context, runs int, page string) error {
	if runs < 1 {
		return &UsageError{Msg: "bench: --runs must be at least 1"}
	}
	bin, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find the warta binary: %w", err)
	}
	tmp, err := os.MkdirTemp("", "warta-bench-startup-")
	if err != nil {
		return fmt.Errorf("temp dir: %w", err)
	}
	defer os.RemoveAll(tmp)
	if page == "" {
		page = filepath.Join(tmp, "page.txt")
		if err := os.WriteFile(page, []byte(startupPage), 0o644); err != nil {
			return fmt.Errorf("write page: %w", err)
		}
	}
	db := filepath.Join(tmp, "warta.db")
	// An existing store for search: the page ingested once, untimed.
	if _, _, err := runChild(ctx, bin, []string{"ingest", "--db", db, page}, "", nil); err != nil {
		return fmt.Errorf("bench startup: ingest %s: %w", page, err)
	}
	cases := []startupCase{
		{name: "version", args: []string{"version"}},
		// Everything up to reading the page: the input is empty.
		{name: "analyze (empty input)", args: []string{"analyze", "-"}, problems: true},
		{name: "search (stored page)", args: []string{"search", "--db", db, "menteri"}},
		{name: "analyze one page", args: []string{"analyze", page}},
	}
	_, trace, err := runChild(ctx, bin, []string{"version"}, "", []string{"GODEBUG=inittrace=1"})
	if err != nil {
		return fmt.Errorf("bench startup: version: %w", err)
	}
	inits := parseInitTrace(trace)
	total, biggest := 0, packageInit{}
	for _, in := range inits {
		total += in.bytes
		if in.bytes > biggest.bytes {
			biggest = in
		}
	}
	fmt.Fprintf(c.m.Stdout, "startup: %s; page %s; %d runs per command\n", bin, page, runs)
	fmt.Fprintf(c.m.Stdout, "package initialisation: %d packages, %.2f MB allocated; largest %s %.2f MB\n",
		len(inits), float64(total)/1e6, biggest.pkg, float64(biggest.bytes)/1e6)
	fmt.Fprintf(c.m.Stdout, "%-22s %24s %24s %22s\n", "command", "wall ms (min med max)", "cpu ms (min med max)", "peak MiB (min med max)")
	for _, sc := range cases {
		var wall, cpu, peak []float64
		for range runs {
			st, _, err := runChild(ctx, bin, sc.args, "", nil)
			var exit *exec.ExitError
			if sc.problems && errors.As(err, &exit) && exit.ExitCode() == 3 {
				err = nil
			}
			if err != nil {
				return fmt.Errorf("bench startup: %s: %w", sc.name, err)
			}
			wall = append(wall, float64(st.wall.Microseconds())/1000)
			cpu = append(cpu, float64(st.cpu.Microseconds())/1000)
			peak = append(peak, float64(st.peakKiB)/1024)
		}
		fmt.Fprintf(c.m.Stdout, "%-22s %24s %24s %22s\n", sc.name, spread(wall, "%.0f"), spread(cpu, "%.0f"), spread(peak, "%.1f"))
	}
	return nil
}

// spread formats the minimum, median and maximum of xs.
func spread(xs []float64, format string) string {
	slices.Sort(xs)
	f := func(x float64) string { return fmt.Sprintf(format, x) }
	return f(xs[0]) + " " + f(xs[len(xs)/2]) + " " + f(xs[len(xs)-1])
}

// childStats is what the operating system says about a finished child.
type childStats struct {
	wall, cpu time.Duration
	peakKiB   int64
}

// runChild runs bin with args and stdin, extra environment added, and
// returns its figures and what it wrote to standard error.
func runChild(ctx context.Context, bin string, args []string, stdin string, env []string) (childStats, string, error) {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	st := childStats{wall: time.Since(start)}
	if cmd.ProcessState != nil {
		st.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
		st.peakKiB = peakKiB(cmd.ProcessState)
	}
	if err != nil {
		return st, stderr.String(), fmt.Errorf("%w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return st, stderr.String(), nil
}

// packageInit is one line of GODEBUG=inittrace=1.
type packageInit struct {
	pkg           string
	bytes, allocs int
}

// parseInitTrace reads the runtime's lines
//
//	init github.com/x/y @1.2 ms, 0.31 ms clock, 45472 bytes, 143 allocs
//
// and ignores everything else the program printed.
func parseInitTrace(s string) []packageInit {
	var out []packageInit
	sc := bufio.NewScanner(strings.NewReader(s))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 11 || f[0] != "init" || f[8] != "bytes," || f[10] != "allocs" {
			continue
		}
		b, err1 := strconv.Atoi(f[7])
		a, err2 := strconv.Atoi(f[9])
		if err1 != nil || err2 != nil {
			continue
		}
		out = append(out, packageInit{pkg: f[1], bytes: b, allocs: a})
	}
	return out
}

// startupPage is a short page dump of our own, analyzed when no --page is
// given, so that the benchmark runs without the examples.
const startupPage = `Menteri Luar Negeri Bertemu Mitra dari Malaysia di Jakarta
Kompas.com - 12/03/2024, 14:05 WIB
JAKARTA, KOMPAS.com - Menteri Luar Negeri Retno Marsudi bertemu Menteri Luar Negeri Malaysia di Gedung Pancasila, Jakarta, Selasa (12/3/2024).
Kedua menteri membahas perbatasan darat dan perlindungan pekerja migran Indonesia di Malaysia.
"Kami sepakat mempercepat perundingan batas wilayah," kata Retno seusai pertemuan.
Pertemuan berikutnya direncanakan berlangsung di Kuala Lumpur pada Juni mendatang.
Baca juga: Retno Bahas Pekerja Migran dengan Malaysia
`
