import type { InjectionKey } from 'vue';

/** What a ConsoleForm gives the FormFields inside it: the server's error for each field. */
export interface FormContext {
  errors: Record<string, string>;
  register(prop: string): void;
  unregister(prop: string): void;
}

export const FORM_CONTEXT: InjectionKey<FormContext> = Symbol('console-form');

const HAN = /\p{Script=Han}/u;

/**
 * The form field an error of the server names: `extensions.field` is the argument path
 * (`input.goalFen`, `newPassword`, one of a list: `input.photoIds[2]`); `fieldMap` renames it
 * where the form's field differs (the form takes 元 in `goal`, the server names `goalFen`).
 */
export function formFieldOf(serverField: string, fieldMap: Record<string, string>, known: Set<string>): string | null {
  const last =
    serverField
      .split('.')
      .filter((s) => !/^\d+$/.test(s))
      .pop()
      ?.replace(/\[\d+\]$/, '') ?? serverField;
  for (const candidate of [fieldMap[serverField], fieldMap[last], last, serverField]) {
    if (candidate && known.has(candidate)) return candidate;
  }
  return null;
}

/** The server's words for a field, without the path they start with; a Chinese hint when they are English. */
export function fieldMessage(detail: string | undefined, serverField: string, fallback: string): string {
  if (!detail) return fallback;
  const text = detail.startsWith(`${serverField}: `) ? detail.slice(serverField.length + 2) : detail;
  return HAN.test(text) ? text : `${fallback}（${text}）`;
}
