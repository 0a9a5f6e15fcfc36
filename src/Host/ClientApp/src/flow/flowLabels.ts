/** React Flow's own labels, in Swedish. */
export const swedishFlowLabels = {
  'node.a11yDescription.default': 'Använd piltangenterna för att välja aktiviteter. K skapar en koppling.',
  'node.a11yDescription.keyboardDisabled': 'Använd piltangenterna för att välja aktiviteter.',
  'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }: { direction: string; x: number; y: number }) => `Flyttade aktiviteten ${direction}: x ${x}, y ${y}`,
  'edge.a11yDescription.default': 'En koppling mellan två aktiviteter.',
  'controls.ariaLabel': 'Zoomkontroller',
  'controls.zoomIn.ariaLabel': 'Zooma in',
  'controls.zoomOut.ariaLabel': 'Zooma ut',
  'controls.fitView.ariaLabel': 'Visa allt',
  'controls.interactive.ariaLabel': 'Lås eller lås upp',
  'minimap.ariaLabel': 'Översiktskarta',
  'handle.ariaLabel': 'Kopplingspunkt',
};
