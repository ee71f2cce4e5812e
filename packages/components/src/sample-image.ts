/**
 * Pictures drawn on a canvas for the image demos of Storybook and the playground, so both show the
 * same picture and the repository carries no binary assets. Each resolves to a PNG `File`.
 *
 * Not exported from the package (nothing in `index.ts` reaches it, so it is not in `dist`): the
 * stories and the playground import this file by its path.
 */

/** The pictures a demo can start with. */
export type SampleName = 'house' | 'banana' | 'flat';

export const SAMPLE_SIZE = { width: 480, height: 320 } as const;

const ALT: Record<SampleName, string> = {
  house: 'A drawing of a house with a red roof and two windows, a tree, green hills and a sun in a blue sky',
  banana: 'A close-up drawing of a yellow banana',
  flat: 'A plain grey picture',
};

export const sampleAlt = (name: SampleName) => ALT[name];

function drawHouse(ctx: CanvasRenderingContext2D) {
  const sky = ctx.createLinearGradient(0, 0, 0, 320);
  sky.addColorStop(0, '#7cc4f4');
  sky.addColorStop(1, '#d9f0ff');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, 480, 320);
  ctx.fillStyle = '#ffd23f';
  ctx.beginPath();
  ctx.arc(390, 70, 34, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#5bb450';
  ctx.beginPath();
  ctx.moveTo(0, 240);
  ctx.quadraticCurveTo(140, 170, 280, 230);
  ctx.quadraticCurveTo(390, 270, 480, 220);
  ctx.lineTo(480, 320);
  ctx.lineTo(0, 320);
  ctx.fill();
  ctx.fillStyle = '#f4efe6';
  ctx.fillRect(90, 170, 110, 80);
  ctx.fillStyle = '#c0392b';
  ctx.beginPath();
  ctx.moveTo(80, 172);
  ctx.lineTo(145, 120);
  ctx.lineTo(210, 172);
  ctx.fill();
  ctx.fillStyle = '#6b4226';
  ctx.fillRect(132, 205, 26, 45);
  ctx.fillStyle = '#8fd3ff';
  ctx.fillRect(100, 185, 22, 18);
  ctx.fillRect(168, 185, 22, 18);
  ctx.fillStyle = '#7a4e2d';
  ctx.fillRect(316, 180, 14, 60);
  ctx.fillStyle = '#2e8b3e';
  ctx.beginPath();
  ctx.arc(323, 165, 36, 0, Math.PI * 2);
  ctx.fill();
}

function drawBanana(ctx: CanvasRenderingContext2D) {
  // A close-up: the fruit fills most of the frame.
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, 480, 320);
  ctx.fillStyle = '#f5d90a';
  ctx.beginPath();
  ctx.moveTo(10, 20);
  ctx.quadraticCurveTo(240, 420, 470, 20);
  ctx.lineTo(470, 150);
  ctx.quadraticCurveTo(240, 400, 10, 150);
  ctx.closePath();
  ctx.fill();
  ctx.fillRect(10, 20, 460, 60);
  ctx.fillStyle = '#6b4226';
  ctx.fillRect(455, 10, 20, 24);
}

/** Draws a sample picture and encodes it as PNG. */
export async function drawSampleImage(name: SampleName = 'house'): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = SAMPLE_SIZE.width;
  canvas.height = SAMPLE_SIZE.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
  if (name === 'house') drawHouse(ctx);
  else if (name === 'banana') drawBanana(ctx);
  else {
    ctx.fillStyle = '#808080';
    ctx.fillRect(0, 0, 480, 320);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The sample picture could not be encoded.');
  return new File([blob], `sample-${name}.png`, { type: 'image/png' });
}
