// Command validate checks the deployment files without a Docker engine or a cluster:
//
//	validate compose deploy/compose.yaml   load it as `docker compose config` does (compose-go: schema, interpolation, references)
//	validate k8s deploy/k8s                decode every manifest strictly into the Kubernetes API types (unknown or
//	                                       mistyped fields fail, as the API server's strict field validation would),
//	                                       then check what the API server cannot: selectors that select the pods they
//	                                       should, references to ConfigMaps, Secrets, PVCs and Services that exist,
//	                                       and $(NAME) in env, command and args naming a variable defined before it.
//
// It exits non-zero with one line per problem.
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: validate compose FILE | validate k8s DIR")
		os.Exit(2)
	}
	var problems []string
	var summary string
	var err error
	switch os.Args[1] {
	case "compose":
		summary, problems, err = validateCompose(context.Background(), os.Args[2])
	case "k8s":
		summary, problems, err = validateKubernetes(os.Args[2])
	default:
		err = fmt.Errorf("unknown kind %q (compose or k8s)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, problem := range problems {
		fmt.Fprintln(os.Stderr, problem)
	}
	if len(problems) > 0 {
		os.Exit(1)
	}
	fmt.Println(summary)
}
