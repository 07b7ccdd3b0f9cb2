// Every image Strata runs, by name (strata/<name>:<tag>), with its Dockerfile, build context and
// target: read by `npm run images` (scripts/images.mjs) and checked against skaffold.yaml and the
// chart's defaults by the chart tests. Names and paths are fixed in the integrator's contracts.
export const IMAGE_TAG = '0.1.0';

const service = (name) => ({ name, dockerfile: 'Dockerfile', context: '.', target: name });

export const IMAGES = [
  ...['auth', 'accounts', 'cloud', 'cluster', 'notify', 'gateway'].map(service),
  {
    name: 'sandbox-job',
    dockerfile: 'services/cluster/sandbox/Dockerfile',
    context: 'services/cluster/sandbox',
  },
  {
    name: 'provisioner-aws',
    dockerfile: 'provisioners/aws-eks/Dockerfile',
    context: 'provisioners',
  },
  {
    name: 'provisioner-azure',
    dockerfile: 'provisioners/azure-aks/Dockerfile',
    context: 'provisioners',
  },
  {
    name: 'provisioner-gcp',
    dockerfile: 'provisioners/gcp-gke/Dockerfile',
    context: 'provisioners',
  },
  { name: 'app-installer', dockerfile: 'installer/Dockerfile', context: '.' },
];
