import { parentPort } from 'node:worker_threads';
import { DecisionFacts, DecisionFont, renderDecision } from './decision-document';

/** The decision documents' thread (decision-renderer.ts): one request at a time, in order, its font parsed once. */
parentPort?.on('message', (request: { id: number; facts: DecisionFacts; font: DecisionFont }) => {
  renderDecision(request.facts, request.font).then(
    (pdf) => parentPort?.postMessage({ id: request.id, pdf }),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
