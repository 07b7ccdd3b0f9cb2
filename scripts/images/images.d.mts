export interface ImageSpec {
  name: string;
  dockerfile: string;
  context: string;
  target?: string;
  /** Docker build arguments (`--build-arg NAME=value`). */
  buildArgs?: Record<string, string>;
  /** Needs `npm run build` on the host before `docker build`. */
  hostBuild?: boolean;
}
export const IMAGE_TAG: string;
export const IMAGES: ImageSpec[];
