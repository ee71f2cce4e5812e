/**
 * The Structured output page's schemas, each with its zod source as the code panel shows it (kept
 * beside the schema it describes), example prompts, and a variant with a check JSON Schema cannot
 * carry: the model never sees a `.refine()`, so only the final validation catches a break.
 */
import * as z from 'zod';

const recipe = z.object({
  title: z.string().describe('The name of the dish'),
  servings: z.number().int().min(1).max(12).describe('How many people it feeds'),
  ingredients: z.array(z.object({ name: z.string(), amount: z.string().describe('e.g. 200 g') })).min(1),
  steps: z.array(z.string()).min(1),
});

const recipeSource = `const recipe = z.object({
  title: z.string().describe('The name of the dish'),
  servings: z.number().int().min(1).max(12).describe('How many people it feeds'),
  ingredients: z.array(z.object({ name: z.string(), amount: z.string().describe('e.g. 200 g') })).min(1),
  steps: z.array(z.string()).min(1),
})`;

const ticket = z.object({
  category: z.enum(['billing', 'shipping', 'technical', 'account', 'other']),
  priority: z.enum(['low', 'medium', 'high', 'urgent']),
  summary: z.string().describe('One sentence for the support team'),
  tags: z.array(z.string()),
});

const ticketSource = `const ticket = z.object({
  category: z.enum(['billing', 'shipping', 'technical', 'account', 'other']),
  priority: z.enum(['low', 'medium', 'high', 'urgent']),
  summary: z.string().describe('One sentence for the support team'),
  tags: z.array(z.string()),
})`;

export interface SchemaChoice {
  label: string;
  /** The name sent as `json_schema.name`. */
  name: string;
  /** The top-level fields, in order: the form shows each, filled or still waiting. */
  fields: readonly string[];
  /** Fields whose items are in order: shown as a numbered list. */
  ordered: readonly string[];
  schema: z.ZodType;
  /** The schema with a `.refine()` check the model is not told about. */
  refined: z.ZodType;
  source: string;
  refinedSource: string;
  /** What the refinement checks, in words. */
  refinedNote: string;
  prompts: readonly string[];
}

export const SCHEMAS = {
  recipe: {
    label: 'Recipe',
    name: 'recipe',
    fields: Object.keys(recipe.shape),
    ordered: ['steps'],
    schema: recipe,
    refined: recipe.refine((r) => r.steps.length >= 4, { message: 'Give at least four steps', path: ['steps'] }),
    source: recipeSource,
    refinedSource: `${recipeSource}.refine((r) => r.steps.length >= 4, { message: 'Give at least four steps', path: ['steps'] })`,
    refinedNote: 'at least four steps',
    prompts: ['A tomato soup recipe for 4 people', 'Pancakes for 2'],
  },
  ticket: {
    label: 'Ticket triage',
    name: 'ticket',
    fields: Object.keys(ticket.shape),
    ordered: [],
    schema: ticket,
    refined: ticket.refine((t) => t.tags.length <= 2, { message: 'Use at most two tags', path: ['tags'] }),
    source: ticketSource,
    refinedSource: `${ticketSource}.refine((t) => t.tags.length <= 2, { message: 'Use at most two tags', path: ['tags'] })`,
    refinedNote: 'at most two tags',
    prompts: [
      'My shipping is late and the parcel arrived broken. This is urgent!',
      'How do I change the email address of my account? No hurry, low priority.',
    ],
  },
} as const satisfies Record<string, SchemaChoice>;

export type SchemaId = keyof typeof SCHEMAS;
