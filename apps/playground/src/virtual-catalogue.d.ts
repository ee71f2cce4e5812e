// The virtual module that vite.config.ts serves (see playgroundCatalogue()); src/ui/models.ts gives it its type.
declare module 'virtual:inferkit-catalogue' {
  export const catalogue: unknown;
}
