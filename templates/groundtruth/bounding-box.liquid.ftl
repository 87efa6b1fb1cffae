<#-- Ground Truth worker UI for bounding boxes (crowd-bounding-box). Model as for classification. -->
<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-bounding-box
    name="boundingBox"
    src="{{ task.input.taskObject | grant_read_access }}"
    header="${title?html}"
    labels="${labelsJson?html}"
  >
    <full-instructions header="${title?html}">
      <p>${instructions?html}</p>
    </full-instructions>
    <short-instructions>
      <p>${shortInstruction?html}</p>
    </short-instructions>
  </crowd-bounding-box>
</crowd-form>
