import { ModelPicker } from '@inferkit/components';
import { InferenceResponseError, responseFormatFor } from '@inferkit/core';
import { useChatModels, useStructuredOutput } from '@inferkit/react';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { str } from '../ui/code';
import { DemoPage } from '../ui/DemoPage';
import { TextAreaField } from '../ui/Field';
import { formatError } from '../ui/format-error';
import { RequestStatus } from '../ui/RequestStatus';
import { PartialObject } from './structured/PartialObject';
import { SCHEMAS, type SchemaId } from './structured/schemas';

/** How the code panel renders each schema's object (the page renders it generically). */
const RENDER_CODE: Record<SchemaId, string> = {
  recipe: `      <h2>{object?.title}</h2>
      <p>Serves {object?.servings}</p>
      <ul>
        {object?.ingredients?.map((item, i) => (
          <li key={i}>{item?.amount} {item?.name}</li>
        ))}
      </ul>
      <ol>{object?.steps?.map((step, i) => <li key={i}>{step}</li>)}</ol>`,
  ticket: `      <p>{object?.category} · {object?.priority}</p>
      <p>{object?.summary}</p>
      <ul>{object?.tags?.map((tag, i) => <li key={i}>{tag}</li>)}</ul>`,
};

export function StructuredOutputPage() {
  const chatModels = useChatModels();
  const [model, setModel] = useState('meta-llama/Llama-3.1-8B-Instruct');
  const [schemaId, setSchemaId] = useState<SchemaId>('recipe');
  const [refined, setRefined] = useState(false);
  const choice = SCHEMAS[schemaId];
  const [prompt, setPrompt] = useState<string>(choice.prompts[0]);
  const schemaFieldId = useId();
  const objectHeadingId = useId();
  const rawHeadingId = useId();
  const checkHeadingId = useId();

  const schema = refined ? choice.refined : choice.schema;
  // A new schema starts from scratch (`id`): the last answer belongs to the other one.
  const answer = useStructuredOutput({ schema, schemaName: choice.name, model, id: schemaId });
  const busy = answer.status === 'submitted' || answer.status === 'streaming' || answer.status === 'loading-model';
  const issues = answer.error instanceof InferenceResponseError ? answer.error.issues : undefined;

  // What the request carries, built by core from the schema as the hook builds it.
  const responseFormat = useMemo(
    () => responseFormatFor('structuredOutput', schema, 'openai', { name: choice.name }),
    [schema, choice.name],
  );

  const pickSchema = (id: SchemaId) => {
    setSchemaId(id);
    setPrompt(SCHEMAS[id].prompts[0]);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void answer.submit(prompt);
  };

  const statusText = {
    idle: 'Ready',
    submitted: 'Waiting for the first token',
    'loading-model': 'Model loading',
    streaming: 'Streaming',
    success: 'Done: the object matches the schema',
    stopped: 'Stopped: the partial object is kept',
    error: issues ? 'Failed: the answer breaks the schema' : 'Failed',
  }[answer.status];

  const name = choice.name;
  const code = `import { InferenceResponseError } from '@inferkit/core';
import { useStructuredOutput } from '@inferkit/react';
import * as z from 'zod';

${refined ? choice.refinedSource : choice.source};

function ${name === 'recipe' ? 'Recipe' : 'Ticket'}() {
  // object: deep-partial while it streams (every field optional), the checked ${name} at success.
  // status: idle | submitted | loading-model | streaming | success | error | stopped
  const { object, text, status, error, submit, stop, regenerate } = useStructuredOutput({
    schema: ${name},
    schemaName: ${str(name)},
    model: ${str(model)},
  });
  return (
    <>
      <button onClick={() => submit(${str(prompt)})}>Generate</button>
      {status === 'streaming' && <button onClick={stop}>Stop</button>}
      <button onClick={regenerate}>Regenerate</button>
${RENDER_CODE[schemaId]}
      <pre>{text}</pre>
      {/* An answer that breaks the schema: error.issues names each broken field. */}
      {error instanceof InferenceResponseError && error.issues?.map((issue) => (
        <p key={issue.path}>{issue.path}: {issue.message}</p>
      ))}
    </>
  );
}

// The request's response_format, from the schema (z.toJSONSchema, every object closed${
    refined ? '; the .refine() check is not in it' : ''
  }):
const sent = ${JSON.stringify(responseFormat, null, 2)};`;

  return (
    <DemoPage
      title="Structured output"
      description="A typed object from a zod schema: the schema goes to the model as JSON Schema, the object fills in as the JSON streams, and the answer is checked against the schema at the end."
      code={code}
    >
      <form onSubmit={submit}>
        <div className="field chat-model">
          <ModelPicker
            models={chatModels.data ?? []}
            loading={chatModels.isPending}
            value={model}
            onChange={setModel}
            placeholder="Search models or providers…"
          />
          {chatModels.error && (
            <p className="hint">
              The model list did not load ({formatError(chatModels.error)}); the model above still works.
            </p>
          )}
        </div>
        <div className="row">
          <div className="field field-narrow">
            <label htmlFor={schemaFieldId}>Schema</label>
            <select
              id={schemaFieldId}
              value={schemaId}
              onChange={(event) => pickSchema(event.target.value as SchemaId)}
            >
              {Object.entries(SCHEMAS).map(([id, { label }]) => (
                <option key={id} value={id}>
                  {label}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={refined} onChange={(event) => setRefined(event.target.checked)} />
            <span>
              Add a check the model is not told about: <code>.refine()</code>, {choice.refinedNote}. JSON Schema cannot
              carry it, so only the final validation sees it.
            </span>
          </label>
        </div>
        <TextAreaField label="Prompt" rows={2} value={prompt} onChange={(event) => setPrompt(event.target.value)} />
        <div className="examples" role="group" aria-label="Example prompts">
          {choice.prompts.map((example) => (
            <button key={example} type="button" className="button-quiet" onClick={() => setPrompt(example)}>
              {example}
            </button>
          ))}
        </div>
        <div className="row">
          <button type="submit" className="button" disabled={busy || !prompt.trim()}>
            Generate
          </button>
          <button type="button" className="button-quiet" onClick={answer.stop} disabled={!busy}>
            Stop
          </button>
          <button
            type="button"
            className="button-quiet"
            onClick={() => void answer.regenerate()}
            disabled={busy || answer.input === null}
          >
            Regenerate
          </button>
          <span className="status-chip" role="status" data-status={answer.status}>
            {statusText}
          </span>
        </div>
      </form>
      <div className="so-grid">
        <section className="result" aria-labelledby={objectHeadingId} aria-busy={busy || undefined}>
          <h2 id={objectHeadingId}>{choice.label}</h2>
          <PartialObject
            object={answer.object}
            fields={choice.fields}
            ordered={choice.ordered}
            busy={busy}
            issues={issues}
          />
        </section>
        <section className="result" aria-labelledby={rawHeadingId}>
          <h2 id={rawHeadingId}>Raw JSON</h2>
          <pre className="raw-json" tabIndex={0}>
            {answer.text || (busy ? '' : 'Nothing yet.')}
          </pre>
        </section>
      </div>
      <section className="result" aria-labelledby={checkHeadingId}>
        <h2 id={checkHeadingId}>Validation</h2>
        {answer.status === 'success' ? (
          <p className="so-valid">Valid: the answer matches the {choice.label.toLowerCase()} schema.</p>
        ) : issues ? (
          <div role="alert" className="error">
            <p>
              <strong>Invalid:</strong> the answer breaks the schema.
            </p>
            <ul>
              {issues.map((issue) => (
                <li key={issue.path + issue.message}>
                  <code>{issue.path || '(answer)'}</code>: {issue.message}
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="empty">
            {answer.status === 'stopped'
              ? 'Stopped before the end: nothing to validate.'
              : 'The answer is checked against the schema when it ends.'}
          </p>
        )}
        <RequestStatus modelLoading={answer.modelLoading} error={issues ? null : answer.error} busy={false} />
      </section>
    </DemoPage>
  );
}
