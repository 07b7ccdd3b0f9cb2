export interface ImageSpec {
  name: string;
  dockerfile: string;
  context: string;
  target?: string;
}
export const IMAGE_TAG: string;
export const IMAGES: ImageSpec[];
