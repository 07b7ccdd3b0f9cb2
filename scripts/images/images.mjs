// Every image Strata runs, by name (strata/<name>:<tag>), with its Dockerfile, build context and
// target: read by `npm run images` (scripts/images.mjs) and checked against skaffold.yaml and the
// chart's defaults by the chart tests. Names and paths are fixed in the integrator's contracts.
export const IMAGE_TAG = '0.1.0';

const service = (name) => ({ name, dockerfile: 'Dockerfile', context: '.', target: name });
/**
 * The provisioner images: one Dockerfile, the module as a build argument. They copy
 * provisioners/dist, built on the host first (`npm run build -w provisioners`).
 */
const provisioner = (name, module) => ({
  name,
  dockerfile: 'provisioners/Dockerfile',
  context: 'provisioners',
  buildArgs: { MODULE: module },
  hostBuild: true,
});

export const IMAGES = [
  ...['auth', 'accounts', 'cloud', 'cluster', 'notify', 'gateway'].map(service),
  {
    name: 'sandbox-job',
    dockerfile: 'services/cluster/sandbox/Dockerfile',
    context: 'services/cluster/sandbox',
  },
  provisioner('provisioner-aws', 'aws-eks'),
  provisioner('provisioner-azure', 'azure-aks'),
  provisioner('provisioner-gcp', 'gcp-gke'),
  { name: 'app-installer', dockerfile: 'installer/Dockerfile', context: '.' },
];
