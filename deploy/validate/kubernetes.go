package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/serializer"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/yaml"
)

// kustomization is the part of kustomization.yaml checked here: it must list every manifest.
type kustomization struct {
	Resources []string `json:"resources"`
}

type manifests struct {
	pods       map[string]podTemplate // by workload name
	services   []*corev1.Service
	configMaps map[string]bool
	secrets    map[string]bool
	// The keys each one holds, for the $(NAME) references of env (envrefs.go).
	configMapKeys map[string]map[string]bool
	secretKeys    map[string]map[string]bool
	claims        map[string]bool
	budgets       []*policyv1.PodDisruptionBudget
	count         int
}

type podTemplate struct {
	kind     string
	selector map[string]string
	spec     corev1.PodTemplateSpec
	claims   []string // volumeClaimTemplates of a StatefulSet
}

func validateKubernetes(dir string) (string, []string, error) {
	scheme := runtime.NewScheme()
	for _, add := range []func(*runtime.Scheme) error{corev1.AddToScheme, appsv1.AddToScheme, policyv1.AddToScheme} {
		if err := add(scheme); err != nil {
			return "", nil, err
		}
	}
	decoder := serializer.NewCodecFactory(scheme, serializer.EnableStrict).UniversalDeserializer()

	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return "", nil, err
	}
	sort.Strings(files)
	found := manifests{pods: map[string]podTemplate{}, configMaps: map[string]bool{}, secrets: map[string]bool{}, claims: map[string]bool{},
		configMapKeys: map[string]map[string]bool{}, secretKeys: map[string]map[string]bool{}}
	var problems []string
	var listed []string
	for _, file := range files {
		if filepath.Base(file) == "kustomization.yaml" {
			var k kustomization
			raw, err := os.ReadFile(file)
			if err != nil {
				return "", nil, err
			}
			// Only `resources` is read: kustomize's other fields are its own business.
			if err := yaml.Unmarshal(raw, &k); err != nil {
				problems = append(problems, fmt.Sprintf("%s: %v", file, err))
			}
			listed = k.Resources
			continue
		}
		problems = append(problems, decodeFile(decoder, file, &found)...)
	}
	problems = append(problems, checkKustomization(dir, files, listed)...)
	problems = append(problems, found.crossCheck()...)
	return fmt.Sprintf("k8s: %d manifests in %s decode strictly into the Kubernetes API types; selectors and references resolve", found.count, dir), problems, nil
}

func decodeFile(decoder runtime.Decoder, file string, found *manifests) []string {
	raw, err := os.ReadFile(file)
	if err != nil {
		return []string{err.Error()}
	}
	var problems []string
	reader := utilyaml.NewYAMLReader(bufioReader(raw))
	for index := 0; ; index++ {
		doc, err := reader.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return append(problems, fmt.Sprintf("%s: %v", file, err))
		}
		if len(bytes.TrimSpace(doc)) == 0 || strings.TrimSpace(string(doc)) == "---" {
			continue
		}
		object, kind, err := decoder.Decode(doc, nil, nil)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s (document %d): %v", file, index+1, err))
			continue
		}
		found.count++
		problems = append(problems, found.add(file, kind.Kind, object)...)
	}
	return problems
}

func (m *manifests) add(file, kind string, object runtime.Object) []string {
	switch o := object.(type) {
	case *appsv1.Deployment:
		m.pods[o.Name] = podTemplate{kind: kind, selector: o.Spec.Selector.MatchLabels, spec: o.Spec.Template}
		return requireAll(file, o.Name, o.Spec.Template.Spec.Containers)
	case *appsv1.StatefulSet:
		var claims []string
		for _, claim := range o.Spec.VolumeClaimTemplates {
			claims = append(claims, claim.Name)
		}
		m.pods[o.Name] = podTemplate{kind: kind, selector: o.Spec.Selector.MatchLabels, spec: o.Spec.Template, claims: claims}
		return requireAll(file, o.Name, o.Spec.Template.Spec.Containers)
	case *corev1.Service:
		m.services = append(m.services, o)
	case *corev1.ConfigMap:
		m.configMaps[o.Name] = true
		m.configMapKeys[o.Name] = keysOf(o.Data, o.BinaryData)
	case *corev1.Secret:
		m.secrets[o.Name] = true
		m.secretKeys[o.Name] = keysOf(o.StringData, o.Data)
	case *corev1.PersistentVolumeClaim:
		m.claims[o.Name] = true
	case *policyv1.PodDisruptionBudget:
		m.budgets = append(m.budgets, o)
	}
	return nil
}

// requireAll: what the schema allows to be empty but a deployable container cannot be.
func requireAll(file, name string, containers []corev1.Container) []string {
	var problems []string
	for _, c := range containers {
		if c.Image == "" {
			problems = append(problems, fmt.Sprintf("%s: %s/%s has no image", file, name, c.Name))
		}
	}
	return problems
}

func (m *manifests) crossCheck() []string {
	var problems []string
	for name, pod := range m.pods {
		if len(pod.selector) == 0 || !labels.SelectorFromSet(pod.selector).Matches(labels.Set(pod.spec.Labels)) {
			problems = append(problems, fmt.Sprintf("%s %s: its selector %v does not select its own pods %v", pod.kind, name, pod.selector, pod.spec.Labels))
		}
		for _, volume := range pod.spec.Spec.Volumes {
			switch {
			case volume.PersistentVolumeClaim != nil && !m.claims[volume.PersistentVolumeClaim.ClaimName]:
				problems = append(problems, fmt.Sprintf("%s %s: volume %s names PVC %s, which no manifest defines", pod.kind, name, volume.Name, volume.PersistentVolumeClaim.ClaimName))
			case volume.ConfigMap != nil && !m.configMaps[volume.ConfigMap.Name]:
				problems = append(problems, fmt.Sprintf("%s %s: volume %s names ConfigMap %s, which no manifest defines", pod.kind, name, volume.Name, volume.ConfigMap.Name))
			}
		}
		for _, container := range pod.spec.Spec.Containers {
			for _, from := range container.EnvFrom {
				if from.ConfigMapRef != nil && !m.configMaps[from.ConfigMapRef.Name] {
					problems = append(problems, fmt.Sprintf("%s %s: envFrom names ConfigMap %s, which no manifest defines", pod.kind, name, from.ConfigMapRef.Name))
				}
				if from.SecretRef != nil && !m.secrets[from.SecretRef.Name] {
					problems = append(problems, fmt.Sprintf("%s %s: envFrom names Secret %s, which no manifest defines", pod.kind, name, from.SecretRef.Name))
				}
			}
			for _, env := range container.Env {
				if env.ValueFrom != nil && env.ValueFrom.SecretKeyRef != nil && !m.secrets[env.ValueFrom.SecretKeyRef.Name] {
					problems = append(problems, fmt.Sprintf("%s %s: env %s names Secret %s, which no manifest defines", pod.kind, name, env.Name, env.ValueFrom.SecretKeyRef.Name))
				}
			}
			problems = append(problems, m.unresolvedReferences(pod.kind, name, container)...)
			mounted := map[string]bool{}
			for _, volume := range pod.spec.Spec.Volumes {
				mounted[volume.Name] = true
			}
			for _, claim := range pod.claims {
				mounted[claim] = true
			}
			for _, mount := range container.VolumeMounts {
				if !mounted[mount.Name] {
					problems = append(problems, fmt.Sprintf("%s %s: container %s mounts %s, which is not a volume of the pod", pod.kind, name, container.Name, mount.Name))
				}
			}
		}
	}
	for _, service := range m.services {
		if len(service.Spec.Selector) == 0 {
			continue
		}
		if !m.selectsSomePod(service.Spec.Selector) {
			problems = append(problems, fmt.Sprintf("Service %s: its selector %v selects no pod of any workload", service.Name, service.Spec.Selector))
		}
	}
	for _, budget := range m.budgets {
		if budget.Spec.Selector == nil || !m.selectsSomePod(budget.Spec.Selector.MatchLabels) {
			problems = append(problems, fmt.Sprintf("PodDisruptionBudget %s: its selector selects no pod of any workload", budget.Name))
		}
	}
	sort.Strings(problems)
	return problems
}

func keysOf[A, B any](first map[string]A, second map[string]B) map[string]bool {
	keys := map[string]bool{}
	for key := range first {
		keys[key] = true
	}
	for key := range second {
		keys[key] = true
	}
	return keys
}

func (m *manifests) selectsSomePod(selector map[string]string) bool {
	for _, pod := range m.pods {
		if labels.SelectorFromSet(selector).Matches(labels.Set(pod.spec.Labels)) {
			return true
		}
	}
	return false
}

func checkKustomization(dir string, files, listed []string) []string {
	if listed == nil {
		return nil
	}
	var problems []string
	inList := map[string]bool{}
	for _, resource := range listed {
		inList[resource] = true
		if _, err := os.Stat(filepath.Join(dir, resource)); err != nil {
			problems = append(problems, fmt.Sprintf("kustomization.yaml lists %s, which does not exist", resource))
		}
	}
	for _, file := range files {
		base := filepath.Base(file)
		if base != "kustomization.yaml" && !inList[base] {
			problems = append(problems, fmt.Sprintf("kustomization.yaml does not list %s", base))
		}
	}
	return problems
}
