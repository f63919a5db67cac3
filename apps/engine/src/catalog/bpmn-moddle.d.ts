/** The few parts of bpmn-moddle's API the engine uses (the package ships element types only). */
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    readonly $type: string;
    [property: string]: any;
  }
  export interface BpmnModdleInstance {
    create(type: string, attributes?: Record<string, unknown>): ModdleElement;
    toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
    fromXML(xml: string, typeName?: string): Promise<{ rootElement: ModdleElement; warnings: unknown[] }>;
  }
  export function BpmnModdle(packages?: Record<string, unknown>, options?: Record<string, unknown>): BpmnModdleInstance;
}
