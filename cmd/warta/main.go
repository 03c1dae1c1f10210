// Command warta reads Indonesian news the way an analyst does. See the
// README for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/warta-news/warta/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	m := cli.NewMain()
	err := m.Run(ctx, os.Args[1:])
	os.Exit(m.ExitCode(err))
}
