package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

// validateCompose loads the file with the library `docker compose` itself uses: the Compose
// Specification's JSON schema, interpolation, extends/anchors, and the cross-references
// (depends_on, volumes, networks) that `docker compose config` refuses.
func validateCompose(ctx context.Context, file string) (string, []string, error) {
	options, err := cli.NewProjectOptions([]string{file}, cli.WithOsEnv, cli.WithResolvedPaths(true), cli.WithInterpolation(true))
	if err != nil {
		return "", nil, err
	}
	project, err := options.LoadProject(ctx)
	if err != nil {
		return "", []string{fmt.Sprintf("%s: %v", file, err)}, nil
	}
	names := project.ServiceNames()
	sort.Strings(names)
	return fmt.Sprintf("compose: %s is valid: %d services (%s), %d volumes", file, len(names), strings.Join(names, ", "), len(project.Volumes)), nil, nil
}
