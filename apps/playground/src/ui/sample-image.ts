/**
 * A sample picture drawn on a canvas, so the image demos work without an upload and the repo
 * carries no binary assets: a sky, a sun, hills, a house and a tree.
 */
export async function drawSampleImage(): Promise<File> {
  const canvas = document.createElement('canvas');
  canvas.width = 480;
  canvas.height = 320;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on a canvas.');
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
  // house
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
  // tree
  ctx.fillStyle = '#7a4e2d';
  ctx.fillRect(316, 180, 14, 60);
  ctx.fillStyle = '#2e8b3e';
  ctx.beginPath();
  ctx.arc(323, 165, 36, 0, Math.PI * 2);
  ctx.fill();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The sample image could not be encoded.');
  return new File([blob], 'sample-house.png', { type: 'image/png' });
}
