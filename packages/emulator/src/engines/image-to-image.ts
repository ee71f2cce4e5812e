/**
 * image-to-image: returns a real PNG made from the input image and the prompt. The input is
 * decoded (PNG) or rebuilt from its stand-in colours (other formats), resized to `target_size`
 * (else kept at its size, capped), and transformed as the prompt asks: colour words tint it,
 * "black and white" / "sepia" / "invert" / "night" / "winter" / "sunset" / "blur" / "sketch" /
 * "pixel art" / "mirror" do what they say; an unrecognised prompt rotates the hue by an angle
 * from its hash. `guidance_scale` sets the strength, `negative_prompt` cancels effects it names.
 * Super-resolution models (`options.scale`) enlarge the image by that factor.
 */
import { analyzeImage, COLOURS, type ImageAnalysis } from './image-analysis';
import { numParam, readBinary, strParam, intParam } from './request';
import { hash32, words } from './embeddings';
import { encodePng, resizeRgba, type RasterImage } from './png';
import { EngineInputError, type Engine } from './types';

/** Largest output side. */
export const MAX_IMAGE_SIDE = 2048;

type Rgba = RasterImage & { channels: 4 };

/** The input as RGBA at (at most) the given size: real pixels, or the stand-in grid smoothly upscaled. */
export function sourcePixels(image: ImageAnalysis, width: number, height: number): Rgba {
  if (image.pixels) return resizeRgba(image.pixels, width, height);
  const data = new Uint8Array(width * height * 4);
  const { grid, gridW: gw, gridH: gh } = image;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(gh - 1.001, Math.max(0, ((y + 0.5) * gh) / height - 0.5));
    const y0 = Math.floor(fy);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(gw - 1.001, Math.max(0, ((x + 0.5) * gw) / width - 0.5));
      const x0 = Math.floor(fx);
      const tx = fx - x0;
      const o = (y * width + x) * 4;
      for (let k = 0; k < 3; k++) {
        const a = grid[(y0 * gw + x0) * 3 + k]!;
        const b = grid[(y0 * gw + x0 + 1) * 3 + k]!;
        const c = grid[((y0 + 1) * gw + x0) * 3 + k]!;
        const d = grid[((y0 + 1) * gw + x0 + 1) * 3 + k]!;
        data[o + k] = Math.round((a * (1 - tx) + b * tx) * (1 - ty) + (c * (1 - tx) + d * tx) * ty);
      }
      data[o + 3] = 255;
    }
  }
  return { width, height, channels: 4, data };
}

const clamp255 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function rotateHue(r: number, g: number, b: number, degrees: number): [number, number, number] {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const k = 1 / 3;
  const s = Math.sqrt(k);
  const m0 = cos + (1 - cos) * k;
  const m1 = k * (1 - cos) - s * sin;
  const m2 = k * (1 - cos) + s * sin;
  return [r * m0 + g * m1 + b * m2, r * m2 + g * m0 + b * m1, r * m1 + g * m2 + b * m0];
}

/** Applies the prompt's effects to the pixels, in place. Returns the names of the effects used. */
export function applyPrompt(img: Rgba, prompt: string, negative: string, strength: number, seed: number): string[] {
  const avoid = new Set(words(negative));
  const w = new Set(words(prompt).filter((x) => !avoid.has(x)));
  const p = ` ${[...w].join(' ')} `;
  const has = (...keys: string[]) => keys.some((k) => p.includes(` ${k} `) || w.has(k));
  const effects: string[] = [];
  const { data, width, height } = img;
  const each = (fn: (r: number, g: number, b: number) => [number, number, number]) => {
    for (let o = 0; o < data.length; o += 4) {
      const [r, g, b] = fn(data[o]!, data[o + 1]!, data[o + 2]!);
      data[o] = clamp255(data[o]! + (r - data[o]!) * strength);
      data[o + 1] = clamp255(data[o + 1]! + (g - data[o + 1]!) * strength);
      data[o + 2] = clamp255(data[o + 2]! + (b - data[o + 2]!) * strength);
    }
  };
  if (has('mirror', 'flip', 'flipped', 'mirrored')) {
    effects.push('mirror');
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width >> 1; x++) {
        const a = (y * width + x) * 4;
        const b = (y * width + (width - 1 - x)) * 4;
        for (let k = 0; k < 4; k++) [data[a + k], data[b + k]] = [data[b + k]!, data[a + k]!];
      }
    }
  }
  if (has('blur', 'blurry', 'soft', 'dreamy', 'watercolor', 'watercolour')) {
    effects.push('blur');
    const copy = data.slice();
    const radius = Math.max(1, Math.round(Math.min(width, height) / 100));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const sum = [0, 0, 0];
        let n = 0;
        for (let dy = -radius; dy <= radius; dy += radius) {
          for (let dx = -radius; dx <= radius; dx += radius) {
            const xx = Math.min(width - 1, Math.max(0, x + dx));
            const yy = Math.min(height - 1, Math.max(0, y + dy));
            const o = (yy * width + xx) * 4;
            sum[0]! += copy[o]!;
            sum[1]! += copy[o + 1]!;
            sum[2]! += copy[o + 2]!;
            n++;
          }
        }
        const o = (y * width + x) * 4;
        for (let k = 0; k < 3; k++) data[o + k] = clamp255(sum[k]! / n);
      }
    }
  }
  if (has('sketch', 'drawing', 'pencil', 'outline', 'edges', 'line')) {
    effects.push('sketch');
    const copy = data.slice();
    const luma = (o: number) => 0.299 * copy[o]! + 0.587 * copy[o + 1]! + 0.114 * copy[o + 2]!;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const o = (y * width + x) * 4;
        const right = (y * width + Math.min(width - 1, x + 1)) * 4;
        const down = (Math.min(height - 1, y + 1) * width + x) * 4;
        const edge = Math.abs(luma(o) - luma(right)) + Math.abs(luma(o) - luma(down));
        const v = clamp255(255 - edge * 3);
        data[o] = data[o + 1] = data[o + 2] = v;
      }
    }
  }
  if (has('pixel', 'pixelated', 'pixelate', '8', 'bit', 'retro', 'minecraft')) {
    effects.push('pixelate');
    const block = Math.max(2, Math.round(Math.min(width, height) / 32));
    for (let y = 0; y < height; y += block) {
      for (let x = 0; x < width; x += block) {
        const o = (y * width + x) * 4;
        for (let yy = y; yy < Math.min(height, y + block); yy++) {
          for (let xx = x; xx < Math.min(width, x + block); xx++) {
            const q = (yy * width + xx) * 4;
            data[q] = data[o]!;
            data[q + 1] = data[o + 1]!;
            data[q + 2] = data[o + 2]!;
          }
        }
      }
    }
  }
  if (has('black and white', 'grayscale', 'greyscale', 'monochrome', 'noir')) {
    effects.push('grayscale');
    each((r, g, b) => {
      const l = 0.299 * r + 0.587 * g + 0.114 * b;
      return [l, l, l];
    });
  }
  if (has('sepia', 'vintage', 'old', 'antique', 'retro')) {
    effects.push('sepia');
    each((r, g, b) => [
      0.393 * r + 0.769 * g + 0.189 * b,
      0.349 * r + 0.686 * g + 0.168 * b,
      0.272 * r + 0.534 * g + 0.131 * b,
    ]);
  }
  if (has('invert', 'inverted', 'negative')) {
    effects.push('invert');
    each((r, g, b) => [255 - r, 255 - g, 255 - b]);
  }
  if (has('night', 'dark', 'darker', 'midnight')) {
    effects.push('night');
    each((r, g, b) => [r * 0.35, g * 0.4, b * 0.6 + 20]);
  }
  if (has('bright', 'brighter', 'sunny', 'daylight')) {
    effects.push('brighten');
    each((r, g, b) => [r * 1.25 + 20, g * 1.25 + 20, b * 1.25 + 20]);
  }
  if (has('winter', 'snow', 'snowy', 'frozen', 'icy')) {
    effects.push('winter');
    each((r, g, b) => [r * 0.6 + 100, g * 0.6 + 105, b * 0.6 + 115]);
  }
  if (has('sunset', 'warm', 'golden', 'autumn', 'fall')) {
    effects.push('warm');
    each((r, g, b) => [r * 1.15 + 25, g * 1.0 + 5, b * 0.75]);
  }
  for (const [name, [cr, cg, cb]] of Object.entries(COLOURS)) {
    if (!w.has(name)) continue;
    effects.push(name);
    each((r, g, b) => {
      const l = (0.299 * r + 0.587 * g + 0.114 * b) / 255;
      return [r * 0.45 + cr * l * 0.8, g * 0.45 + cg * l * 0.8, b * 0.45 + cb * l * 0.8];
    });
  }
  if (effects.length === 0) {
    // Whatever else the prompt asks for: a hue rotation by an angle from its words (and a mild posterise).
    const angle = 30 + (hash32(`${[...w].sort().join(' ')}|${seed}`) % 300);
    effects.push(`hue ${angle}`);
    each((r, g, b) => rotateHue(r, g, b, angle).map((v) => Math.round(v / 16) * 16 + 8) as [number, number, number]);
  }
  return effects;
}

/** `target_size` `{ width, height }`, validated. */
export function targetSize(parameters: Record<string, unknown>): { width: number; height: number } | undefined {
  const t = parameters.target_size;
  if (t === undefined || t === null) return undefined;
  if (typeof t !== 'object' || Array.isArray(t))
    throw new EngineInputError('Error in `parameters.target_size`: expected { width, height }');
  const o = t as Record<string, unknown>;
  const width = intParam(o, 'width', 1);
  const height = intParam(o, 'height', 1);
  if (width === undefined || height === undefined)
    throw new EngineInputError('Error in `parameters.target_size`: both width and height are required');
  return { width: Math.min(width, MAX_IMAGE_SIDE), height: Math.min(height, MAX_IMAGE_SIDE) };
}

export const imageToImage: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const image = analyzeImage(bytes);
  const prompt = strParam(parameters, 'prompt') ?? '';
  const negative = strParam(parameters, 'negative_prompt') ?? '';
  const guidance = numParam(parameters, 'guidance_scale', 0) ?? 7.5;
  intParam(parameters, 'num_inference_steps', 1);
  let size = targetSize(parameters);
  if (!size) {
    // Super-resolution models (`options.scale`) enlarge; the others keep the input's size.
    const factor = typeof ctx.model.options?.scale === 'number' ? ctx.model.options.scale : 1;
    const scale = Math.min(factor, MAX_IMAGE_SIDE / Math.max(image.width, image.height));
    size = {
      width: Math.max(1, Math.round(image.width * scale)),
      height: Math.max(1, Math.round(image.height * scale)),
    };
  }
  const pixels = sourcePixels(image, size.width, size.height);
  const strength = Math.min(1, Math.max(0.15, guidance / 7.5));
  const effects = applyPrompt(pixels, prompt, negative, strength, image.seed);
  const png = encodePng(pixels, {
    text: { Software: 'inferkit-emulator', Prompt: prompt, Effects: effects.join(', ') },
  });
  return new Response(png, { status: 200, headers: { 'content-type': 'image/png' } });
};
