// Validates every manifest in the given multi-document YAML files against the Kubernetes schemas of
// kubernetes-models (and the Prometheus Operator's for monitoring.coreos.com), offline.
// Prints one line per manifest; exits 1 if any is invalid or of a kind without a schema here.
// Usage: node src/test/node/validate.mjs rendered.yaml [more.yaml ...]
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

function modulePath(apiVersion, kind) {
  if (!apiVersion.includes("/")) {
    return `kubernetes-models/${apiVersion}/${kind}`;
  }
  const [group, version] = apiVersion.split("/");
  if (group === "monitoring.coreos.com") {
    return `@kubernetes-models/prometheus-operator/${group}/${version}/${kind}`;
  }
  return `kubernetes-models/${group}/${version}/${kind}`;
}

let failures = 0;
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const doc of yaml.loadAll(readFileSync(file, "utf8"))) {
    if (doc === null || doc === undefined) {
      continue;
    }
    count++;
    const id = `${file}: ${doc.apiVersion} ${doc.kind} ${doc.metadata && doc.metadata.name}`;
    let Model;
    try {
      const mod = await import(modulePath(doc.apiVersion, doc.kind));
      Model = mod[doc.kind] || mod.default;
    } catch (e) {
      console.log(`NO-SCHEMA ${id}: ${e.message}`);
      failures++;
      continue;
    }
    try {
      new Model(doc).validate();
      console.log(`ok ${id}`);
    } catch (e) {
      console.log(`INVALID ${id}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${count} manifests, ${failures} failed`);
process.exit(failures === 0 && count > 0 ? 0 : 1);
