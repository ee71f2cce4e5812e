import { lazy, type ComponentType } from 'react';
import { ChatPage } from './pages/ChatPage';
import { EmbeddingsPage } from './pages/EmbeddingsPage';
import { FillMaskPage } from './pages/FillMaskPage';
import { ImageClassificationPage } from './pages/ImageClassificationPage';
import { ObjectDetectionPage } from './pages/ObjectDetectionPage';
import { QuestionAnsweringPage } from './pages/QuestionAnsweringPage';
import { SummarizationPage } from './pages/SummarizationPage';
import { TextClassificationPage } from './pages/TextClassificationPage';
import { TextGenerationPage } from './pages/TextGenerationPage';
import { TextToImagePage } from './pages/TextToImagePage';
import { TextToSpeechPage } from './pages/TextToSpeechPage';
import { TextToVideoPage } from './pages/TextToVideoPage';
import { TokenClassificationPage } from './pages/TokenClassificationPage';
import { TranslationPage } from './pages/TranslationPage';
import { ZeroShotPage } from './pages/ZeroShotPage';

// Pages built on classic zod (~100 kB minified, which no other page needs) load on first visit, in
// their own chunk; App shows them inside a Suspense boundary.
const ToolsPage = lazy(() => import('./pages/ToolsPage').then((m) => ({ default: m.ToolsPage })));
const StructuredOutputPage = lazy(() =>
  import('./pages/StructuredOutputPage').then((m) => ({ default: m.StructuredOutputPage })),
);

export interface PageRoute {
  /** The hash path: `#/zero-shot`. */
  id: string;
  /** Link text, and the document title. */
  title: string;
  group: 'Text' | 'Generation' | 'Vision' | 'Audio';
  component: ComponentType;
}

export const routes: readonly PageRoute[] = [
  { id: 'zero-shot', title: 'Zero-shot classification', group: 'Text', component: ZeroShotPage },
  { id: 'text-classification', title: 'Text classification', group: 'Text', component: TextClassificationPage },
  { id: 'token-classification', title: 'Token classification', group: 'Text', component: TokenClassificationPage },
  { id: 'embeddings', title: 'Embeddings & similarity', group: 'Text', component: EmbeddingsPage },
  { id: 'fill-mask', title: 'Fill-mask', group: 'Text', component: FillMaskPage },
  { id: 'question-answering', title: 'Question answering', group: 'Text', component: QuestionAnsweringPage },
  { id: 'chat', title: 'Chat', group: 'Generation', component: ChatPage },
  { id: 'tools', title: 'Tools', group: 'Generation', component: ToolsPage },
  { id: 'structured-output', title: 'Structured output', group: 'Generation', component: StructuredOutputPage },
  { id: 'text-generation', title: 'Text generation', group: 'Generation', component: TextGenerationPage },
  { id: 'summarization', title: 'Summarisation', group: 'Generation', component: SummarizationPage },
  { id: 'translation', title: 'Translation', group: 'Generation', component: TranslationPage },
  { id: 'image-classification', title: 'Image classification', group: 'Vision', component: ImageClassificationPage },
  { id: 'object-detection', title: 'Object detection', group: 'Vision', component: ObjectDetectionPage },
  { id: 'text-to-image', title: 'Text-to-image', group: 'Vision', component: TextToImagePage },
  { id: 'text-to-video', title: 'Text-to-video', group: 'Vision', component: TextToVideoPage },
  { id: 'text-to-speech', title: 'Text-to-speech', group: 'Audio', component: TextToSpeechPage },
];

export const groups = ['Text', 'Generation', 'Vision', 'Audio'] as const;
