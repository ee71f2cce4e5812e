// The scratch app: the README's "Three ways in" example, importing the three browser packages as an
// app that installed them from npm would. `satisfies` below is TypeScript only: the dev server must
// serve this module compiled.
import { InferenceClient } from '@inferkit/core';
import { InferenceProvider, useChatCompletion, useTextToImage, useZeroShotClassification } from '@inferkit/react';
import { ChatMessages, LabelScoreBars, MessageInput } from '@inferkit/components';
import '@inferkit/components/styles.css';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

const candidateLabels = ['refund', 'legal', 'faq'] satisfies string[];
const queryClient = new QueryClient();
const client = new InferenceClient({ baseUrl: '/api/inference' });

function Triage({ text }: { text: string }) {
  const { data, modelLoading } = useZeroShotClassification(
    { model: 'facebook/bart-large-mnli', inputs: text, parameters: { candidateLabels } },
    { debounceMs: 300 },
  );
  if (modelLoading) return <p>Model loading, about {Math.ceil(modelLoading.estimatedTime)} s…</p>;
  return <LabelScoreBars items={data ?? []} aria-label="Labels" />;
}

function Chat() {
  const chat = useChatCompletion({ model: 'meta-llama/Llama-3.1-8B-Instruct' });
  return (
    <>
      <ChatMessages
        messages={chat.messages}
        status={chat.status}
        error={chat.error}
        modelLoading={chat.modelLoading}
        onStop={chat.stop}
        onRegenerate={() => void chat.regenerate()}
      />
      <MessageInput status={chat.status} onSubmit={(text) => void chat.send(text)} onStop={chat.stop} />
    </>
  );
}

function Image() {
  const image = useTextToImage();
  return (
    <button type="button" onClick={() => image.mutate({ inputs: 'a lighthouse' })}>
      {image.isPending ? 'Drawing…' : 'Draw'}
    </button>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <InferenceProvider client={client}>
        <Triage text="I want a refund" />
        <Chat />
        <Image />
      </InferenceProvider>
    </QueryClientProvider>
  </StrictMode>,
);
