/**
 * automatic-speech-recognition: a transcript derived deterministically from the audio. Audio made
 * by the emulator's own text-to-speech carries its text in a WAV `LIST/INFO` chunk, so TTS → ASR
 * round-trips exactly (nice for demos); other speech gets sentences chosen by the audio's hash,
 * about 2.5 words per second of sound; silence gives an empty text. `return_timestamps`
 * (`true` for segments, `"word"` for words) adds `chunks` spread over the clip's duration;
 * `generation_parameters.max_new_tokens` shortens the text. CTC models (`options.style: 'upper'`)
 * answer in capitals without punctuation, as wav2vec2 does.
 */
import { analyzeAudio } from './audio-analysis';
import { generationLimit, readBinary } from './request';
import { rng, round, sentences, tokenize } from './embeddings';
import { cutToTokens } from './summarization';
import { EngineInputError, type Engine } from './types';

const SENTENCES = [
  'The quick brown fox jumps over the lazy dog.',
  'I would like to book a table for two at eight tonight.',
  'Please remember to send the report before the meeting.',
  'The weather today is sunny with a light breeze from the west.',
  'Thank you for calling, how can I help you today?',
  'We are going to the museum on Saturday morning.',
  'Can you turn the music down a little bit?',
  'The train to London leaves from platform four.',
  'My favourite part of the trip was the old harbour.',
  'Let us start the meeting with a quick round of updates.',
  'She said the package would arrive by Friday afternoon.',
  'Open the window, it is getting warm in here.',
  'The results look promising, but we need more data.',
  'Do not forget to water the plants while I am away.',
  'He plays the guitar every evening after dinner.',
  'The library closes at six on weekdays.',
  'Could you send me the address of the new office?',
  'We will need three more chairs for the workshop.',
  'The flight was delayed by almost two hours.',
  'I think the blue one looks better than the red one.',
  'Our team finished the project a week early.',
  'Please leave a message after the tone.',
  'The soup needs a little more salt and pepper.',
  'It has been raining all afternoon in the city.',
  'Remember to back up your files every Friday.',
  'The children built a sandcastle on the beach.',
  'Turn left at the bakery and walk two blocks.',
  'This song always reminds me of last summer.',
  'The doctor will see you in about ten minutes.',
  'Let me check the calendar and get back to you.',
  'The garden looks beautiful after the spring rain.',
  'Welcome everyone, and thank you for joining us today.',
];

/** The emulator's TTS marks its WAVs with this software name. */
export const TTS_SOFTWARE = 'inferkit-emulator text-to-speech';

function timedChunks(text: string, duration: number, words: boolean): { text: string; timestamp: [number, number] }[] {
  const pieces = words
    ? tokenize(text).map((t, i, all) =>
        text.slice(t.start16, i + 1 < all.length ? all[i + 1]!.start16 : text.length).trim(),
      )
    : sentences(text).map((s) => s.text);
  const weights = pieces.map((p) => Math.max(1, p.length));
  const total = weights.reduce((a, b) => a + b, 0);
  let at = 0;
  return pieces.map((piece, i) => {
    const start = (at / total) * duration;
    at += weights[i]!;
    const end = (at / total) * duration;
    return { text: words ? piece : ` ${piece}`, timestamp: [round(start, 2), round(end, 2)] };
  });
}

export const automaticSpeechRecognition: Engine = (ctx) => {
  const { bytes, parameters } = readBinary(ctx);
  const audio = analyzeAudio(bytes);
  const stamps = parameters.return_timestamps;
  if (
    stamps !== undefined &&
    stamps !== null &&
    typeof stamps !== 'boolean' &&
    stamps !== 'word' &&
    stamps !== 'char'
  ) {
    throw new EngineInputError('Error in `parameters.return_timestamps`: expected true, false or "word"');
  }
  const { maxTokens } = generationLimit(parameters);
  let text: string;
  if (audio.info.ISFT === TTS_SOFTWARE && audio.info.ICMT !== undefined) {
    text = audio.info.ICMT;
  } else if (audio.rms < 0.003 || audio.silence > 0.98 || audio.duration < 0.1) {
    text = '';
  } else {
    const random = rng(audio.seed);
    const target = Math.max(3, Math.round(audio.duration * 2.5));
    const picked: string[] = [];
    let count = 0;
    while (count < target && picked.length < 200) {
      const s = SENTENCES[Math.floor(random() * SENTENCES.length)]!;
      picked.push(s);
      count += s.split(' ').length;
    }
    text = picked.join(' ');
  }
  if (maxTokens !== undefined) text = cutToTokens(text, maxTokens);
  // CTC models (wav2vec2) spell in capitals without punctuation.
  if (ctx.model.options?.style === 'upper')
    text = text
      .toUpperCase()
      .replace(/[^\p{L}\p{N}' ]+/gu, '')
      .replace(/\s+/g, ' ')
      .trim();
  if (!stamps || text === '') return stamps ? { text, chunks: [] } : { text };
  return { text, chunks: timedChunks(text, round(audio.duration, 2), stamps !== true) };
};
