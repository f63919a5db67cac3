package main

import (
	"fmt"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// unresolvedReferences finds the $(NAME) references in a container's env values, command and
// args that name no variable defined before them. Kubernetes expands $(NAME) from the variables
// of envFrom and of the env entries above; a name it does not know it leaves as the literal
// text, so a typo in $(POSTGRES_PASSWORD) would reach the process as part of a database URL
// without a word from the API server. $$( is an escaped, literal $(.
//
// A container that takes variables from a ConfigMap or Secret no manifest defines is not
// checked: what such a source brings is unknown here.
func (m *manifests) unresolvedReferences(kind, workload string, container corev1.Container) []string {
	defined := map[string]bool{}
	for _, from := range container.EnvFrom {
		var keys map[string]bool
		switch {
		case from.ConfigMapRef != nil:
			keys = m.configMapKeys[from.ConfigMapRef.Name]
		case from.SecretRef != nil:
			keys = m.secretKeys[from.SecretRef.Name]
		}
		if keys == nil {
			return nil
		}
		for key := range keys {
			defined[from.Prefix+key] = true
		}
	}
	var problems []string
	report := func(where, text string) {
		for _, name := range referencedNames(text) {
			if !defined[name] {
				problems = append(problems, fmt.Sprintf("%s %s: container %s: %s refers to $(%s), which no variable defined before it names (Kubernetes would pass the text as it is)",
					kind, workload, container.Name, where, name))
			}
		}
	}
	for _, env := range container.Env {
		report("env "+env.Name, env.Value)
		defined[env.Name] = true
	}
	for _, arg := range container.Command {
		report("command", arg)
	}
	for _, arg := range container.Args {
		report("args", arg)
	}
	return problems
}

// referencedNames gives the NAME of every $(NAME) in text, skipping the escaped $$(NAME).
func referencedNames(text string) []string {
	var names []string
	for i := 0; i < len(text)-1; i++ {
		if text[i] != '$' {
			continue
		}
		if text[i+1] == '$' {
			i++
			continue
		}
		if text[i+1] != '(' {
			continue
		}
		end := strings.IndexByte(text[i+2:], ')')
		if end < 0 {
			break
		}
		names = append(names, text[i+2:i+2+end])
		i += 2 + end
	}
	return names
}
