/**
 * While a stage is dragged: a dashed outline where it will land, at the layout (untransformed)
 * place of the lane it is over, which is the slot the sortable list opens for it.
 */
import { useDndContext } from '@dnd-kit/core';
import { isStageDrag } from './useStageDrag';

export function StageSlot() {
  const { active, over, droppableContainers } = useDndContext();
  if (!isStageDrag(active) || !over) return null;
  const lane = droppableContainers.get(over.id)?.node.current;
  if (!lane) return null;
  return (
    <div className="lane-slot" aria-hidden="true" style={{ left: lane.offsetLeft, top: lane.offsetTop, width: lane.offsetWidth, height: lane.offsetHeight }} />
  );
}
