<#-- Ground Truth worker UI for semantic segmentation (crowd-semantic-segmentation). Model as for classification. -->
<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>
<crowd-form>
  <crowd-semantic-segmentation
    name="crowd-semantic-segmentation"
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
  </crowd-semantic-segmentation>
</crowd-form>
